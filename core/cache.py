"""The cache only ever saves work (the notification badge): when Redis is down, a read is a miss and a
write is skipped, logged, and the page goes on. Keys carry a short timeout, so a value that a failed
delete left behind expires on its own once Redis is back."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis import exceptions as redis_errors

log = logging.getLogger(__name__)
DOWN = (redis_errors.ConnectionError, redis_errors.TimeoutError)


def _forgiving(method, fallback):
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except DOWN as exc:
            log.warning("Cache unavailable (%s): %s skipped", exc, method.__name__)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    return wrapper


class ForgivingRedisCache(RedisCache):
    get = _forgiving(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _forgiving(RedisCache.get_many, {})
    has_key = _forgiving(RedisCache.has_key, False)
    set = _forgiving(RedisCache.set, None)
    add = _forgiving(RedisCache.add, False)
    touch = _forgiving(RedisCache.touch, False)
    set_many = _forgiving(RedisCache.set_many, [])
    delete = _forgiving(RedisCache.delete, False)
    delete_many = _forgiving(RedisCache.delete_many, None)
