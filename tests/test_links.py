"""cpd.links.url() gives what reverse() gives, under any script prefix."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from cpd import links

CASES = [
    ("journal:entry_detail", (7,)),
    ("journal:entry_detail", (90817263540,)),
    ("corpus:passage", ("a1b2c3d4e5",)),
    ("corpus:source_detail", ("this-is-social-work",)),
    ("corpus:episode_detail", ("this-is-social-work", "diversity-data-part-1")),
    ("corpus:standard_detail", (3,)),
]


@pytest.mark.parametrize(("name", "args"), CASES)
@pytest.mark.parametrize("prefix", ["/", "/cpd/"])
def test_the_same_path_as_reverse(name, args, prefix):
    set_script_prefix(prefix)
    try:
        assert links.url(name, *args) == reverse(name, args=args)
        assert links.url(name, *args).startswith(prefix)
    finally:
        set_script_prefix("/")


def test_every_argument_is_needed():
    with pytest.raises(NoReverseMatch):
        links.url("corpus:episode_detail", "only-the-source")


@pytest.mark.parametrize(("name", "args"), CASES)
def test_the_link_tag_writes_what_the_url_tag_writes(name, args):
    context = Context({"name": name, "args": args})
    spelled = " ".join(f"args.{n}" for n in range(len(args)))
    linked = Template(f"{{% load journal_links %}}{{% link name {spelled} %}}")
    assert linked.render(context) == Template(f"{{% url name {spelled} %}}").render(context)
