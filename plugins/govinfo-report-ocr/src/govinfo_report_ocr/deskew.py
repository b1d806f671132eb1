"""Straighten a page photographed or fed into a scanner at a slight tilt.

A tilt of a degree moves a table rule across a row's height over an A4 width, so rules stop
being rules and rows run into each other. The angle is the one at which the page's ink lines
up best in rows: the row profile of the ink is sharpest (greatest variance) when text lines
and rules are level.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

# Angles searched (degrees): scans tilt by a few degrees at most; more is a turned page.
MAX_ANGLE = 5.0
COARSE_STEP = 0.25
FINE_STEP = 0.05
# The profile is measured on a copy this wide: enough to resolve a text line, quick to turn.
PROFILE_WIDTH = 1000
# Below this tilt (degrees) the page is left as it is: turning blurs it for nothing.
MIN_TILT = 0.08

Image = NDArray[np.uint8]


def u8(array: object) -> Image:
    """OpenCV's result as the 8-bit image it is (its stubs say any number type)."""
    return np.asarray(array, dtype=np.uint8)


def ink(gray: Image) -> Image:
    """Dark marks as 255 on 0, by a threshold that adapts to uneven lighting and paper tone."""
    return u8(cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15))


def _sharpness(mask: Image, angle: float) -> float:
    h, w = mask.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(mask, turn, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = turned.sum(axis=1, dtype=np.float64)
    return float(rows.var())


def skew_angle(gray: Image) -> float:
    """The angle (degrees, counter-clockwise) that levels the page."""
    scale = min(1.0, PROFILE_WIDTH / gray.shape[1])
    small = u8(cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)) if scale < 1 else gray
    mask = ink(small)
    coarse = np.arange(-MAX_ANGLE, MAX_ANGLE + COARSE_STEP / 2, COARSE_STEP)
    best = max(coarse, key=lambda a: _sharpness(mask, float(a)))
    fine = np.arange(best - COARSE_STEP, best + COARSE_STEP + FINE_STEP / 2, FINE_STEP)
    return float(max(fine, key=lambda a: _sharpness(mask, float(a))))


def deskew(gray: Image) -> tuple[Image, float]:
    """The page levelled, and the angle it was turned by."""
    angle = skew_angle(gray)
    if abs(angle) < MIN_TILT:
        return gray, 0.0
    h, w = gray.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    level = cv2.warpAffine(gray, turn, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return u8(level), angle
