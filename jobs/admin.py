"""Failed jobs and exports, read-only for administrators."""

from django.contrib import admin

from jobs.models import ExportJob, TaskFailure


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TaskFailure)
class TaskFailureAdmin(ReadOnlyAdmin):
    list_display = ["failed_at", "task_name", "exception"]
    list_filter = ["task_name"]
    search_fields = ["task_name", "exception", "task_id"]
    date_hierarchy = "failed_at"
    show_full_result_count = False


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "file_name", "user", "status", "rows_done", "finished_at"]
    list_filter = ["status", "kind"]
    list_select_related = ["user"]
    show_full_result_count = False
