#!/bin/sh
# The dev image's entrypoint: commands run as the owner of the checkout that
# docker-compose.yml bind-mounts at /code, so the files they create (an app, a
# migration, a new Pipfile.lock) belong to whoever cloned it, on Linux too.
#
# The image's user, dev, starts as root. This gives dev the uid and gid that own
# /code in /etc/passwd, then runs the command as dev. `docker compose exec` skips
# the entrypoint, but Docker looks dev up in the container's /etc/passwd at every
# exec, so exec runs as the checkout's owner too. With nothing mounted at /code
# (the tests' run of the image's own code), dev is app, the production user. Where
# root owns the checkout (a clone made as root; rootless Docker, where root is
# you), dev stays root. `--user` with another uid runs as that uid; for a root
# shell whatever owns the checkout, skip this script: --entrypoint "" ... sh.
# docker-compose.yml's pipenv service uses it too, in an image with no dev user:
# there, only `run` matters, and it works the same.
set -eu

if [ "$(id -u)" != 0 ]; then
  exec "$@" # started with --user and a uid other than 0: that user it is
fi

if grep -q '^[^ ]* [^ ]* [^ ]* [^ ]* /code ' /proc/self/mountinfo; then
  uid=$(stat -c %u /code)
  gid=$(stat -c %g /code)
else
  uid=$(id -u app)
  gid=$(id -g app)
fi

sed -i "s/^dev:[^:]*:[0-9]*:[0-9]*:/dev:x:$uid:$gid:/" /etc/passwd
[ "$uid" != 0 ] || exec "$@"
exec python -c 'import os, sys; os.setgroups([]); os.setgid(int(sys.argv[1])); os.setuid(int(sys.argv[2])); os.execvp(sys.argv[3], sys.argv[3:])' \
  "$gid" "$uid" "$@"
