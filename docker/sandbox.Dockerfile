# Image for [sandbox] kind = "docker" (memfun-sandbox:latest): only Python is needed; the kernel itself is passed on
# the command line and runs as nobody (65534), which Debian-based images already have.
#   docker build -t memfun-sandbox:latest -f docker/sandbox.Dockerfile docker/
# Without a registry, BASE can be an image imported from local files (scripts/docker-sandbox.sh builds one with
# debootstrap from the machine's Debian mirror):
#   docker build --build-arg BASE=memfun-debian:bookworm -t memfun-sandbox:latest -f docker/sandbox.Dockerfile docker/
ARG BASE=python:3.12-slim
FROM ${BASE}
USER 65534:65534
WORKDIR /tmp
