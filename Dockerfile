# The project's image. `docker build .` gives the production image (the last
# stage); docker-compose.yml builds the `dev` stage: production plus test tools.

# Python, and the settings every stage shares.
FROM python:3.14-alpine AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
WORKDIR /code

# Pipenv in a virtualenv of its own, so that it never mixes with the project's packages.
FROM base AS pipenv
RUN python -m venv /opt/pipenv \
    && /opt/pipenv/bin/pip install --no-cache-dir pipenv==2026.10.3 \
    && ln -s /opt/pipenv/bin/pipenv /usr/local/bin/pipenv
ENV PIPENV_VERBOSITY=-1

# Install the locked packages; --deploy fails the build if Pipfile.lock is out of date.
# PIP_PREFIX puts them, and every command they install, under /install, laid out
# like /usr/local, so the production stage copies all of it and nothing else.
FROM pipenv AS packages
COPY Pipfile Pipfile.lock /code/
RUN PIP_PREFIX=/install pipenv install --system --deploy \
    && find /install -name "*.po" -delete

# The lock's dev packages (pytest, ruff, ...), installed apart for the dev stage.
FROM packages AS dev-packages
RUN pipenv requirements --dev-only --hash > /tmp/dev-requirements.txt \
    && python -m pip install --no-cache-dir --no-deps --require-hashes \
       --prefix /dev-packages --requirement /tmp/dev-requirements.txt

# The code without its tests, which only the dev stage holds.
FROM base AS code
COPY . /code/
RUN rm -rf /code/tests

# Production: the locked packages, the code and its static files, an unprivileged user.
FROM base AS production
RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app
COPY --from=packages /install/ /usr/local/
ENV DJANGO_STATIC_ROOT=/srv/static
COPY --from=code /code/ /code/
# DEBUG only lets the settings load without the run-time secrets; collectstatic's
# output doesn't depend on it. Nothing secret enters the image's history.
RUN DJANGO_DEBUG=1 python manage.py collectstatic --noinput --verbosity 0 \
    && python -m compileall -q /code
# By number, so that Kubernetes' runAsNonRoot can tell that it is not root.
USER 10001:10001
EXPOSE 8000
# Liveness over plain HTTP with busybox wget: Alpine has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --start-interval=0.5s \
    CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8000/health/live/"]
# Checks WEB_CONCURRENCY, which gunicorn reads before any project code runs, then runs CMD as PID 1.
ENTRYPOINT ["sh", "/code/docker/web/entrypoint.sh"]
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi"]

# Development and tests: production plus the lock's dev packages and the tests. Its user,
# dev, starts as root only for docker/web/dev-entrypoint.sh, which turns dev into the
# owner of the bind-mounted checkout, so that the files you create in it are yours.
FROM production AS dev
USER 0
COPY --from=dev-packages /dev-packages/ /usr/local/
COPY tests/ /code/tests/
RUN echo "dev:x:0:0:the checkout's owner, set at start:/tmp:/bin/sh" >> /etc/passwd
# By name: every exec looks dev up in /etc/passwd, where the entrypoint set its uid.
# hadolint ignore=DL3066
USER dev
ENTRYPOINT ["sh", "/code/docker/web/dev-entrypoint.sh"]

# The default target: the production image, unchanged.
FROM production
