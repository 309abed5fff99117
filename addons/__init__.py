"""Extensions loaded by the Rasa server itself: input channels, NLU components and cheaper
calls to the action server (imported here so every `rasa run` gets them)."""

from addons import action_calls  # noqa: F401
