"""Every path a function gives an image component passes the app's file-access rule
(blocks.file_access) before the file is read: outside the allowed folders, in a blocked
folder, or below a dot-folder, it is refused; inside them it is served."""

from __future__ import annotations

import os

import numpy as np
import pytest

from blocks import files
from blocks.file_access import FileAccessError, FileRule, checking
from blocks_image.annotated_image import AnnotatedImage
from blocks_image.gallery import Gallery
from blocks_image.image import Image
from blocks_image.image_editor import ImageEditor
from blocks_image.image_slider import ImageSlider

# Each component, and the value of a function returning one path in each of its places.
RETURNS = {
    "Image": (Image, lambda path: path),
    "Gallery": (Gallery, lambda path: [(path, "a caption")]),
    "Gallery video": (Gallery, lambda path: [{"video": path}]),
    "AnnotatedImage base": (AnnotatedImage, lambda path: (path, [])),
    "AnnotatedImage mask": (AnnotatedImage, lambda path: (np.zeros((3, 4, 3), np.uint8),
                                                       [(path, "thing")])),
    "ImageSlider": (ImageSlider, lambda path: (None, path)),
    "ImageEditor background": (ImageEditor, lambda path: {"background": path, "layers": [],
                                                          "composite": None}),
    "ImageEditor layer": (ImageEditor, lambda path: {"background": None, "layers": [path],
                                                     "composite": None}),
}


def wire_paths(wire):
    return [item["path"] for item in files.iter_file_data(wire)]


@pytest.fixture
def outside():
    """A real file outside the temp and working directories (the os module's source)."""
    path = os.path.realpath(os.__file__)
    assert not path.startswith(os.getcwd())
    return path


@pytest.mark.parametrize("case", RETURNS)
def test_a_path_outside_the_allowed_folders_is_refused(case, outside):
    cls, returned = RETURNS[case]
    with checking(FileRule()), pytest.raises(FileAccessError, match="allowed_paths"):
        cls().postprocess(returned(outside))


@pytest.mark.parametrize("case", RETURNS)
def test_a_blocked_folder_wins_over_the_temp_folder(case, png_path):
    cls, returned = RETURNS[case]
    rule = FileRule(blocked_paths=[png_path.parent])
    with checking(rule), pytest.raises(FileAccessError, match="blocked_paths"):
        cls().postprocess(returned(str(png_path)))


@pytest.mark.parametrize("case", ["Image", "Gallery", "ImageSlider", "ImageEditor layer"])
def test_a_file_below_a_dot_folder_is_refused(case, tmp_path, png_path):
    hidden = tmp_path / ".secret"
    hidden.mkdir()
    path = hidden / "key.png"
    path.write_bytes(png_path.read_bytes())
    cls, returned = RETURNS[case]
    with checking(FileRule()), pytest.raises(FileAccessError, match=r"\.secret"):
        cls().postprocess(returned(str(path)))


@pytest.mark.parametrize("case", RETURNS)
def test_an_allowed_path_is_served(case, tmp_path, outside, png_path, temp_cache):
    cls, returned = RETURNS[case]
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    path = allowed / "picture.png"
    path.write_bytes(png_path.read_bytes())
    with checking(FileRule(allowed_paths=[allowed])):
        wire = cls().postprocess(returned(str(path)))
    paths = wire_paths(wire)
    assert paths and all(os.path.realpath(p).startswith(os.path.realpath(temp_cache))
                         for p in paths), wire
