"""Extensions loaded by the Rasa server itself: input channels and NLU components."""
