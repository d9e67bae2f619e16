"""The progress bar of newsbrief's long commands, and the labels it shows."""

from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text


class CountColumn(ProgressColumn):
    """Items done of the total, "50/120"; just "50" while the total is not known."""

    def render(self, task: Task) -> Text:
        """The count, and the total when there is one."""
        total = f"/{int(task.total)}" if task.total is not None else ""
        return Text(f"{int(task.completed)}{total}", style="progress.download")


# A bar that counts: what it does, the bar, the count, the time taken.
COUNTED = (TextColumn("{task.description}"), BarColumn(), CountColumn(), TimeElapsedColumn())


def progress_bar(console: Console, *columns: ProgressColumn) -> Progress:
    """A bar drawn on a terminal and gone at the end; off when the output is piped (rich would leave a blank line)."""
    return Progress(*columns, console=console, transient=True, disable=not console.is_terminal)


def phase_bars(progress: Progress, descriptions: dict[str, str]) -> Callable[[str, int, int | None], None]:
    """A callback (phase, done, total) that gives each phase of a command its own bar, described as named."""
    tasks: dict[str, TaskID] = {}

    def step(phase: str, done: int, total: int | None) -> None:
        if phase not in tasks:
            tasks[phase] = progress.add_task(descriptions[phase], total=total)
        progress.update(tasks[phase], completed=done, total=total)

    return step


def short_label(label: str, width: int = 60) -> str:
    """The label in at most width characters: cut in the middle, keeping its start and its file name."""
    if len(label) <= width:
        return label
    name = label[label.rstrip("/").rfind("/"):]  # the last part, with its slash
    keep = width - 1 - len(name)
    if keep < 12:  # a file name too long to keep whole: its start names it best
        return label[: width - 1] + "…"
    return label[:keep] + "…" + name
