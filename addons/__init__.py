"""Extensions loaded by the Rasa server itself: input channels, NLU components and a faster
check of action-server replies (imported here so every `rasa run` gets it)."""

from addons import action_reply_check  # noqa: F401
