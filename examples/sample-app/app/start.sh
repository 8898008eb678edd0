#!/bin/busybox sh
# A tiny web app: /health answers 200, /version names the image it runs.
bb=/bin/busybox
$bb mkdir -p /www
echo ok >/www/health
echo "${IMAGE_TAG:-unknown}" >/www/version
echo "sample-app ${IMAGE_TAG:-unknown} listening on :8080"
exec $bb httpd -f -p 8080 -h /www
