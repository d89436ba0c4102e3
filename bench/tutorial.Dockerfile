# The classic tutorial's single-stage Dockerfile, on this project's base image:
# the baseline that bench/run measures the project's Dockerfile against.
FROM python:3.14-alpine
ENV PYTHONDONTWRITEBYTECODE 1
ENV PYTHONUNBUFFERED 1
WORKDIR /code
COPY Pipfile Pipfile.lock /code/
# hadolint ignore=DL3013,DL3042
RUN pip install pipenv && pipenv install --system
COPY . /code/
