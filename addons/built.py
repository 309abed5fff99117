"""Rasa's `create` for this project's NLU components: each is built from only the parts it names."""

from __future__ import annotations

import inspect
from typing import Any, Dict, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class Built:
    """Put before GraphComponent in a component's bases. Rasa calls `create` with four parts; the
    component's `__init__` gets those it names: `config`, `model_storage`, `resource`, and `name`
    (the node's name in the graph)."""

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> Any:
        wanted = inspect.signature(cls.__init__).parameters
        parts = {"config": config, "model_storage": model_storage, "resource": resource}
        if "name" in wanted:
            parts["name"] = execution_context.node_name
        return cls(**{key: value for key, value in parts.items() if key in wanted})
