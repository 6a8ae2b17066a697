#!/bin/sh
# As in the official Debian images: installing a package never starts its service.
exit 101
