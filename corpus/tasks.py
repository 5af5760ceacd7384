"""Background work for the corpus, run by the task worker (`manage.py db_worker`)."""

from django_tasks import task

from corpus import feeds


@task()
def refresh_feeds_task(full: bool = False) -> dict:
    """Refresh every feed (corpus.feeds.refresh_feeds); returns counts for the task's record."""
    results = feeds.refresh_feeds(full=full)
    return {
        "feeds": len(results),
        "failed": sum(1 for result in results if result.problems),
        "imported": sum(1 for r in results if r.report is not None and not r.report.skipped),
    }
