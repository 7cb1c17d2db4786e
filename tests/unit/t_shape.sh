#!/bin/sh
# t_shape.sh - shape.c's advances against hb-shape (tests/unit/t_shape.py).
cd "$(dirname "$0")/../.." || exit 1
exec /usr/bin/python3 tests/unit/t_shape.py "${1:-build/t_shape}"
