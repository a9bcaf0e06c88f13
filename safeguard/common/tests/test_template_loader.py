"""Templates are compiled once per process, not read and parsed on every request."""

from django.template import engines


def test_templates_are_kept_by_the_cached_loader():
    # With DEBUG off (as in production and in the test settings), Django wraps the loaders in
    # its cached loader unless `loaders` is set; setting it without the cache would parse every
    # template, and every include, on every request.
    (loader,) = engines["django"].engine.loaders
    assert loader[0] == "django.template.loaders.cached.Loader"
