"""The production cache backend's client: one redis.Redis per connection pool, not per call."""

from clinic_site.cache_backend import ResilientRedisCache


def test_every_operation_uses_the_same_client_and_pool():
    backend = ResilientRedisCache("redis://127.0.0.1:6379/0", {})

    reads, writes = backend._cache.get_client(), backend._cache.get_client(write=True)

    # Building a client is not a connection: nothing here needs Redis to be running.
    assert reads is writes
    assert reads.connection_pool is backend._cache._get_connection_pool(write=False)
