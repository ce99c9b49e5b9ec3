"""The cache in tests."""

from django.core.cache import cache


def disconnect_cache() -> None:
    """Close this thread's connections to Redis, if its cache is Redis. Django's RedisCache
    keeps a pool per cache object and never closes it; a pool dropped with open sockets
    fails the run with a ResourceWarning when it is collected."""
    client = getattr(cache, "_cache", None)
    for pool in getattr(client, "_pools", {}).values():
        pool.disconnect()
