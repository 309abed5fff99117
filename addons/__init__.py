"""Extensions loaded by the Rasa server itself: input channels, NLU components, cheaper calls to
the action server and cheaper training-cache fingerprints (imported here so every `rasa run` and
`rasa train` gets them), and the log filter that keeps what people type out of Rasa's logs
(bot/log_privacy.py)."""

from bot import log_privacy

log_privacy.install_in_rasa()

from addons import action_calls, fingerprints  # noqa: E402,F401

fingerprints.install()
