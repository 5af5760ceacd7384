from django import template

from journal.entries.markdown import render_markdown, render_markdown_for_print, text_for_print

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return render_markdown(text or "")


@register.filter(name="markdown_for_print")
def markdown_for_print_filter(text):
    return render_markdown_for_print(text or "")


@register.filter(name="text_for_print")
def text_for_print_filter(text):
    return text_for_print(text or "")
