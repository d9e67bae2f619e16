"""The base of newsbrief's commands: the CLI edge where NewsbriefError becomes a message and an exit code."""

from django.core.management.base import BaseCommand, CommandError

from newsbrief.pipeline.errors import NewsbriefError


class NewsbriefCommand(BaseCommand):
    """A management command whose NewsbriefErrors end as one line on stderr and exit status 2."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except NewsbriefError as error:
            raise CommandError(str(error), returncode=2) from error
