import os

from django.core.wsgi import get_wsgi_application

# gunicorn is the production server: without a settings module named, it starts with the
# production settings (which refuse to start without their secrets), never the demo's.
# manage.py (runserver) names its own.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
application = get_wsgi_application()
