"""The base of the extension's domains: data kept per docname, as in ``sphinx.ext.todo``,
so that ``clear_doc`` and ``merge_domaindata`` are exact under incremental and parallel
builds; indexes across documents are derived on demand and never stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sphinx.domains import Domain
from sphinx.util import logging

from ..records.checks import first_of_each_id
from ..records.papers import WARNING_TYPE

if TYPE_CHECKING:
    from collections.abc import Set

    from docutils import nodes

logger = logging.getLogger(__name__)


class PerDocumentDomain(Domain):
    """A domain whose data is kept per docname, so that ``clear_doc`` and
    ``merge_domaindata`` are exact under incremental and parallel builds."""

    @property
    def per_document(self) -> tuple[str, ...]:
        """The keys of ``data``: each maps docname -> value."""
        return tuple(self.initial_data)

    def forget_derived(self) -> None:
        """Drop what was derived across documents: the data changed."""

    @staticmethod
    def page_record(document: nodes.document, node_class: type[nodes.Element],
                    kind: str) -> tuple[nodes.Element, Any] | None:
        """The page's record node and ``node[kind]`` (a page holds one; others are reported)."""
        found = None
        for node in document.findall(node_class):
            if (record := node.get(kind)) is None:
                continue
            if found is not None:
                logger.warning("a page holds one %s record; %r is ignored", kind, record.id,
                               location=node, type=WARNING_TYPE, subtype="multiple-records")
                continue
            found = (node, record)
        return found

    @staticmethod
    def first_of_each_id(records: dict[str, Any], kind: str) -> dict[str, Any]:
        """Per id, the record of the first page (by docname); each later one is reported."""
        first = first_of_each_id(records)
        for docname in sorted(records):
            record = records[docname]
            if first[record.id] is not record:
                logger.warning("duplicate %s id %r: also used in %s", kind, record.id,
                               first[record.id].docname, location=(docname, record.lineno),
                               type=WARNING_TYPE, subtype="duplicate-id")
        return first

    def clear_doc(self, docname: str) -> None:
        for key in self.per_document:
            self.data[key].pop(docname, None)
        self.forget_derived()

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in self.per_document:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]
        self.forget_derived()
