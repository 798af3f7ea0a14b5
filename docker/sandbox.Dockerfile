# Image for [sandbox] kind = "docker": a plain Python; the kernel itself is passed on the command line.
#   docker build -t memfun-sandbox:latest -f docker/sandbox.Dockerfile docker/
FROM python:3.12-slim
# The kernel runs as nobody (65534), which the Debian base image already has.
USER 65534:65534
WORKDIR /tmp
