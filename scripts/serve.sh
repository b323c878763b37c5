#!/usr/bin/env bash
# Production configuration on this machine: migrate, give the site its address
# (WAGTAILADMIN_BASE_URL), collect static files, then run gunicorn
# (memorial.wsgi; whitenoise serves /static/), the django-tasks-db worker and the search
# preparer (manage.py prepare_searches) side by side. Ctrl-C (or SIGTERM) stops all three;
# if any one exits, the others are stopped too.
#
# Environment (README "Running in production"): SECRET_KEY and ALLOWED_HOSTS are required;
# DATABASE_URL, REDIS_URL, S3_BUCKET, ... as documented. WEB_CONCURRENCY (default 3) workers,
# BIND (default 127.0.0.1:8000), PREPARE_SEARCHES_EVERY (default 30 seconds). For plain
# HTTP on loopback set SECURE_SSL_REDIRECT=false and SECURE_COOKIES=false.
set -euo pipefail

cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-memorial.settings.production}"
BIND="${BIND:-127.0.0.1:8000}"
WEB_CONCURRENCY="${WEB_CONCURRENCY:-3}"

"$PY" manage.py check --deploy --fail-level ERROR
"$PY" manage.py migrate --noinput
"$PY" manage.py set_site_address
"$PY" manage.py collectstatic --noinput --verbosity 0
# Not here: manage.py scrub_media_locations (once after upgrading; it may read every recording).

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    wait || true
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

"$PY" -m gunicorn memorial.wsgi:application \
    --bind "$BIND" \
    --workers "$WEB_CONCURRENCY" \
    --access-logfile - \
    --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}" &
pids+=("$!")
"$PY" manage.py db_worker --no-reload &
pids+=("$!")
"$PY" manage.py prepare_searches --every "${PREPARE_SEARCHES_EVERY:-30}" &
pids+=("$!")
echo "Serving on http://$BIND/ with $WEB_CONCURRENCY workers, a task worker and the search preparer; Ctrl-C stops them."

# Whichever stops first (a crash, a signal), the EXIT trap stops the others.
wait -n
