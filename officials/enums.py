from django.db import models
from django.utils.translation import gettext_lazy as _


class Honorific(models.TextChoices):
    NONE = "", _("(none)")
    MR = "Mr", _("Mr")
    MS = "Ms", _("Ms")
    MRS = "Mrs", _("Mrs")
    DR = "Dr", _("Dr")
    PROF = "Prof.", _("Prof.")
    HE = "H.E.", _("H.E.")
    HON = "Hon.", _("Hon.")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    NOT_RECORDED = "not_recorded", _("Not recorded")
