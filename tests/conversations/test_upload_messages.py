"""A refused upload says its real size, not a rounded one that equals the limit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from townsquare.conversations.services import check_attachments

MB = 1024 * 1024


@pytest.mark.parametrize(("size", "said"), [(int(5.2 * MB), "is 5.2 MB"), (5 * MB + 1, "is 5.00 MB")])
def test_the_message_says_the_real_size(size, said):
    big = SimpleUploadedFile("holiday.png", b"\0" * size, content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        check_attachments([big])
    assert caught.value.messages == [f"“holiday.png” {said}; images may be at most 5 MB."]
