"""Extensions loaded by the Rasa server itself: input channels, NLU components and cheaper
calls to the action server (imported here so every `rasa run` gets them), and the log filter
that keeps what people type out of Rasa's logs (bot/log_privacy.py)."""

from bot import log_privacy

log_privacy.install_in_rasa()

from addons import action_calls  # noqa: E402,F401
