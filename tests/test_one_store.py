"""One store: no module outside newsbrief/site/store/ writes articles, briefs, enrichment or stories.

A static scan of every module, so that a write no test runs is still seen. It
follows a model's manager through its querysets and rows (Article.objects,
.filter(...), .first(), a related manager, a loop over a queryset, a parameter
annotated with a model) to a write (.create, .update, .bulk_create, .delete,
.save ...), within one function; what it cannot follow it leaves alone, so it
never flags writes to other models (sources, comments). A method of a model's
own manager that writes counts as a write wherever it is called.
"""

from __future__ import annotations

import ast
import inspect
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

import newsbrief

PACKAGE = Path(newsbrief.__file__).parent
MODELS_PACKAGE = "newsbrief.site.models"

# What only the store writes.
STORED = {"Article", "Brief", "Entity", "Mention", "Statement", "Story", "StoryLog", "StoryIndexState", "Thread"}

# Module paths (relative to the package) that may write them, and why.
MAY_WRITE = {
    "site/store/": "the store itself",
    "site/admin.py": "staff edit rows by hand in the admin",
    "site/migrations/": "schema and data migrations",
}

QUERYSET_WRITES = {
    "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete",
    "add", "remove", "clear", "set",  # a many-to-many related manager
}
ROW_WRITES = {"save", "delete"}
# Queryset methods that give a queryset of the same model, a row, or a (row, created) pair.
TO_QUERYSET = {
    "all", "filter", "exclude", "select_related", "prefetch_related", "order_by", "annotate", "alias", "only",
    "defer", "distinct", "using", "select_for_update", "reverse", "none", "union", "intersection", "difference",
    "extra", "iterator",
}
TO_ROW = {"get", "first", "last", "earliest", "latest", "create"}
TO_PAIR = {"get_or_create", "update_or_create"}
MANAGER_ATTRIBUTES = {"objects", "_default_manager", "_base_manager"}


@dataclass(frozen=True)
class Kind:
    """What an expression is: the models `module`, a model `class`, a `queryset`, a `row`, a `pair`, or `many` rows."""

    what: str
    model: str


@dataclass(frozen=True)
class Schema:
    """What the scan knows of the models: relations, and the custom manager and queryset classes with their methods."""

    models: frozenset[str]
    relations: dict[tuple[str, str], Kind]  # (model, accessor) -> what the accessor gives
    manager_classes: dict[str, str]  # a custom manager or queryset class -> its model
    manager_methods: dict[tuple[str, str], str | None]  # (model, method of its custom manager) -> what it returns


def schema_from_the_app() -> Schema:
    """The schema of the newsbrief app, read from Django's registry."""
    names, relations, classes, methods = set(), {}, {}, {}
    for model in apps.get_app_config("newsbrief").get_models():
        name = model.__name__
        names.add(name)
        for field in model._meta.get_fields():
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model.__name__
            accessor = field.get_accessor_name() if field.auto_created and not field.concrete else field.name
            if accessor:
                single = field.one_to_one or (field.many_to_one and field.concrete)
                relations[(name, accessor)] = Kind("row" if single else "queryset", target)
        for manager in model._meta.managers:
            for cls in (type(manager), manager._queryset_class):
                if cls not in (models.Manager, models.QuerySet):
                    classes[cls.__name__] = name
                    for attr, value in vars(cls).items():
                        if callable(value) and not attr.startswith("__"):
                            methods[(name, attr)] = _returns(value, name)
    return Schema(frozenset(names), relations, classes, methods)


def _returns(method, model: str) -> str | None:
    """What a custom manager method gives, read from its return annotation: a queryset, a row, or None (other)."""
    shown = str(inspect.get_annotations(method).get("return", ""))
    if "QuerySet" in shown:
        return "queryset"
    return "row" if shown.replace(" | None", "").strip("'\"") == model else None


@dataclass(frozen=True)
class Write:
    """One write of a stored model outside the store."""

    line: int
    model: str
    code: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.code} writes {self.model}"


class _Scope:
    """What each name in one function (or the module) stands for, as far as the scan can tell."""

    def __init__(self, schema: Schema, names: dict[str, Kind], writing: set[tuple[str, str]]):
        self.schema, self.names, self.writing = schema, dict(names), writing

    def kind(self, node: ast.AST | None) -> Kind | None:
        """What an expression stands for, or None when the scan cannot tell."""
        s = self.schema
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.kind(node.value)
            if base is None:
                return None
            if base.what == "module":
                return Kind("class", node.attr) if node.attr in s.models else None
            if base.what == "class" and node.attr in MANAGER_ATTRIBUTES:
                return Kind("queryset", base.model)
            if base.what == "row":
                return s.relations.get((base.model, node.attr))
            return None
        if isinstance(node, ast.Subscript):
            base = self.kind(node.value)
            if base is None or base.what not in ("queryset", "pair", "many"):
                return None
            if isinstance(node.slice, ast.Slice):
                return base if base.what == "queryset" else Kind("many", base.model)
            return Kind("row", base.model) if base.what != "pair" or _is_zero(node.slice) else None
        if isinstance(node, ast.Call):
            return self._call_kind(node)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            for element in node.elts:
                inner = self.kind(element.value if isinstance(element, ast.Starred) else element)
                if inner is not None and inner.what in ("row", "queryset", "many"):
                    return Kind("many", inner.model)
        return None

    def _call_kind(self, node: ast.Call) -> Kind | None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in ("list", "sorted", "tuple", "set", "reversed") and node.args:
            inner = self.kind(node.args[0])
            return Kind("many", inner.model) if inner and inner.what in ("queryset", "many") else None
        if isinstance(func, ast.Name) and func.id in ("get_object_or_404", "get_list_or_404") and node.args:
            inner = self.kind(node.args[0])
            if inner and inner.what in ("class", "queryset"):
                return Kind("row" if func.id == "get_object_or_404" else "many", inner.model)
            return None
        callee = self.kind(func)
        if callee is not None and callee.what == "class":
            return Kind("row", callee.model)  # Model(...): a new row
        if not isinstance(func, ast.Attribute):
            return None
        base = self.kind(func.value)
        if base is None or base.what != "queryset":
            return None
        method = func.attr
        if (base.model, method) in self.schema.manager_methods:
            gives = self.schema.manager_methods[(base.model, method)]
            return Kind(gives, base.model) if gives else None
        if method in TO_QUERYSET:
            return base
        if method in TO_ROW:
            return Kind("row", base.model)
        if method in TO_PAIR:
            return Kind("pair", base.model)
        return None

    def write(self, node: ast.Call) -> str | None:
        """The model a call writes, if it is a write the scan can see."""
        func = node.func
        if not isinstance(func, ast.Attribute):
            return None
        base = self.kind(func.value)
        if base is None:
            return None
        if base.what == "queryset" and (func.attr in QUERYSET_WRITES or (base.model, func.attr) in self.writing):
            return base.model
        if base.what == "row" and func.attr in ROW_WRITES:
            return base.model
        return None

    def bind(self, target: ast.AST, kind: Kind | None) -> None:
        """Record what an assignment target now stands for."""
        if kind is None:
            return
        if isinstance(target, ast.Name):
            self.names[target.id] = kind
        elif isinstance(target, ast.Tuple) and kind.what == "pair" and target.elts:
            self.bind(target.elts[0], Kind("row", kind.model))

    def element(self, iterable: ast.AST) -> Kind | None:
        """What one item of an iterated expression stands for."""
        kind = self.kind(iterable)
        return Kind("row", kind.model) if kind and kind.what in ("queryset", "many") else None


def _is_zero(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0


def _annotation_model(node: ast.AST | None, scope: _Scope) -> Kind | None:
    """The row kind of a parameter annotated with a model (`row: Article`, `Article | None`, "Article")."""
    if node is None:
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        try:
            node = ast.parse(node.value, mode="eval").body
        except SyntaxError:
            return None
    if isinstance(node, ast.BinOp):
        return _annotation_model(node.left, scope) or _annotation_model(node.right, scope)
    if isinstance(node, ast.Subscript):  # list[Article]
        inner = _annotation_model(node.slice, scope)
        return Kind("many", inner.model) if inner else None
    kind = scope.kind(node)
    return Kind("row", kind.model) if kind and kind.what == "class" else None


def _own_nodes(body: list[ast.stmt]):
    """The nodes of a body in source order, not entering nested functions or classes (a lambda is entered)."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        stack.extend(reversed(list(ast.iter_child_nodes(node))))


class _Module:
    """The writes of stored models in one module's source."""

    def __init__(self, source: str, module: str, schema: Schema, writing: set[tuple[str, str]]):
        self.tree, self.module, self.schema, self.writing = ast.parse(source), module, schema, writing
        self.found: list[Write] = []
        self.writers: set[tuple[str, str]] = set()  # (model, method of its manager) that write

    def scan(self) -> list[Write]:
        top = _Scope(self.schema, self._imported_models(), self.writing)
        self._body(self.tree.body, top, ())
        return self.found

    def _imported_models(self) -> dict[str, Kind]:
        names: dict[str, Kind] = {}
        in_models = self.module == MODELS_PACKAGE or self.module.startswith(MODELS_PACKAGE + ".")
        package = self.module.rpartition(".")[0]
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                    base = f"{anchor}.{base}" if base else anchor
                for alias in node.names:
                    bound = alias.asname or alias.name
                    if f"{base}.{alias.name}" == MODELS_PACKAGE:
                        names[bound] = Kind("module", MODELS_PACKAGE)
                    elif (base == MODELS_PACKAGE or base.startswith(MODELS_PACKAGE + ".")) and (
                        alias.name in self.schema.models
                    ):
                        names[bound] = Kind("class", alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == MODELS_PACKAGE and alias.asname:
                        names[alias.asname] = Kind("module", MODELS_PACKAGE)
            elif in_models and isinstance(node, ast.ClassDef) and node.name in self.schema.models:
                names[node.name] = Kind("class", node.name)
        return names

    def _body(self, body: list[ast.stmt], scope: _Scope, where: tuple[str, ...]) -> None:
        for _ in range(2):  # twice, so that a name bound below its first use is known
            for node in _own_nodes(body):
                self._bind(node, scope)
        for node in _own_nodes(body):
            if isinstance(node, ast.Call):
                model = scope.write(node)
                if model in STORED:
                    self.found.append(Write(node.lineno, model, ast.unparse(node)[:90]))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._function(node, scope, where)
            elif isinstance(node, ast.ClassDef):
                self._class(node, scope, where)

    def _bind(self, node: ast.AST, scope: _Scope) -> None:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                scope.bind(target, scope.kind(node.value))
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            scope.bind(node.target, scope.kind(node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            scope.bind(node.target, scope.element(node.iter))

    def _function(self, node, outer: _Scope, where: tuple[str, ...]) -> None:
        scope = _Scope(self.schema, outer.names, self.writing)
        owner = where[-1] if where and self.module.startswith(MODELS_PACKAGE) else ""
        params = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
        for number, param in enumerate(params):
            if number == 0 and owner in self.schema.manager_classes:
                scope.names[param.arg] = Kind("queryset", self.schema.manager_classes[owner])  # self
            elif number == 0 and owner in self.schema.models:
                scope.names[param.arg] = Kind("row", owner)  # self of a model
            else:
                scope.names.pop(param.arg, None)
                if (kind := _annotation_model(param.annotation, outer)) is not None:
                    scope.names[param.arg] = kind
        before = len(self.found)
        self._body(node.body, scope, (*where, node.name))
        if len(self.found) > before and owner in self.schema.manager_classes:
            self.writers.add((self.schema.manager_classes[owner], node.name))

    def _class(self, node: ast.ClassDef, scope: _Scope, where: tuple[str, ...]) -> None:
        self._body(node.body, _Scope(self.schema, scope.names, self.writing), (*where, node.name))


def writes(source: str, module: str, schema: Schema, writing: set[tuple[str, str]] = frozenset()) -> list[Write]:
    """Every write of a stored model the scan sees in one module (by its dotted name)."""
    return _Module(source, module, schema, set(writing)).scan()


def _manager_writers(sources: dict[str, str], schema: Schema) -> set[tuple[str, str]]:
    """(model, method) for each custom manager or queryset method that writes, however deep it calls its own methods."""
    writing: set[tuple[str, str]] = set()
    while True:
        found = set()
        for module, source in sources.items():
            scan = _Module(source, module, schema, writing)
            scan.scan()
            found |= scan.writers
        if found <= writing:
            return writing
        writing |= found


def _package_sources() -> dict[str, tuple[str, str]]:
    """Dotted module name -> (path relative to the package, source), for every module."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = (relative, path.read_text(encoding="utf-8"))
    return found


def test_only_the_store_writes_articles_briefs_enrichment_and_stories():
    schema = schema_from_the_app()
    sources = _package_sources()
    writing = _manager_writers({name: source for name, (_, source) in sources.items()}, schema)
    found = []
    for module, (relative, source) in sources.items():
        if not any(relative == place or (place.endswith("/") and relative.startswith(place)) for place in MAY_WRITE):
            found += [f"{relative} {problem}" for problem in writes(source, module, schema, writing)]
    assert found == [], "writes outside newsbrief/site/store/ (write through the store):\n" + "\n".join(found)


def test_the_scan_reads_the_models_of_the_app():
    schema = schema_from_the_app()
    assert STORED <= schema.models
    assert schema.relations[("Article", "brief")] == Kind("row", "Brief")
    assert schema.relations[("Article", "copies")] == Kind("queryset", "Article")
    assert schema.relations[("Story", "articles")] == Kind("queryset", "Article")
    assert schema.relations[("Article", "story")] == Kind("row", "Story")


# The scan itself, on small sources: it can fail, and it leaves other writes alone.

MODELS = "from newsbrief.site.models import Article, Brief, Comment, Entity, Mention, Source, Story\n"


@pytest.mark.parametrize(
    "source",
    [
        "Article.objects.create(title='x')",
        "Brief.objects.filter(article=a).delete()",
        "Article.objects.filter(pk=1).update(story=None)",
        "Mention.objects.bulk_create(rows)",
        "Entity.objects.get_or_create(name='x', kind='person')",
        "Story.objects.all().bulk_update(stories, ['size'])",
        "def f():\n    row = Article.objects.get(pk=1)\n    row.title = 'x'\n    row.save()",
        "def f():\n    story, _ = Story.objects.get_or_create(pk=1)\n    story.save()",
        "def f(row: Article):\n    row.save(update_fields=['topics'])",
        "def f(row: 'Article | None'):\n    row.delete()",
        "def f():\n    for row in Article.objects.filter(status='ok'):\n        row.save()",
        "def f(source: Source):\n    source.articles.update(story=None)",
        "def f(row: Article):\n    row.story.save()",
        "def f(row: Article):\n    row.entities.add(entity)",
        "def f():\n    members = Article.objects.filter(story=s)\n    members.update(story=None)",
        "def f():\n    Story(title='x').save()",
        "def f(rows: list[Article]):\n    for row in rows:\n        row.delete()",
        "from newsbrief.site import models\nmodels.Article.objects.filter(pk=1).delete()",
        "from newsbrief.site.models.stories import StoryLog\nStoryLog.objects.all().delete()",
        "def f():\n    row = Article.objects.published().first()\n    row.save()",
        "def f(when):\n    when(lambda: Brief.objects.all().delete())",
    ],
)
def test_the_scan_catches_a_write_of_a_stored_model(source):
    assert [w.model for w in writes(MODELS + source, "newsbrief.site.web.somewhere", schema_from_the_app())] != []


@pytest.mark.parametrize(
    "source",
    [
        "Source.objects.get_or_create(url='x')",
        "Source.objects.filter(pk=1).update(entries_new=0)",
        "Comment.objects.filter(article=a).update(article=b)",
        "def f(comment: Comment):\n    comment.save()",
        "def f(row: Article):\n    row.comments.update(status='spam')",
        "Article.objects.filter(pk=1).exists()",
        "def f():\n    counts = {}\n    counts.update(a=1)\n    rows = set()\n    rows.add(1)",
        "def f(articles):\n    articles.update(x=1)",
        "from newsbrief.pipeline import types\ndef f(a: types.Article):\n    a.save()",
        "def f():\n    for pk, sig in Article.objects.values_list('pk', 'signature'):\n        sig.clear()",
        "def f(progress):\n    progress.update(task, completed=1)",
    ],
)
def test_the_scan_leaves_other_writes_and_reads_alone(source):
    assert writes(MODELS + source, "newsbrief.site.web.somewhere", schema_from_the_app()) == []


def test_a_manager_method_that_writes_is_a_write_where_it_is_called():
    schema = schema_from_the_app()
    manager = next(cls for cls, model in schema.manager_classes.items() if model == "Article")
    models_source = (
        f"class {manager}:\n"
        "    def keep(self, row):\n        return self._add(row)\n"
        "    def _add(self, row):\n        return self.create(title=row)\n"
        "    def newest(self):\n        return self.filter(status='ok')\n"
    )
    writing = _manager_writers({"newsbrief.site.models.articles": models_source}, schema)
    assert {("Article", "keep"), ("Article", "_add")} <= writing and ("Article", "newest") not in writing
    called = MODELS + "Article.objects.keep(x)\nArticle.objects.newest()"
    assert [w.line for w in writes(called, "newsbrief.site.ingest.somewhere", schema, writing)] == [2]
