"""Fixed texts the gateway itself says, when Speak Up cannot answer."""

# The crisis numbers stay in every error, so nobody in danger is left without them.
CRISIS_NUMBERS = (
    "If you feel unsafe, tell a member of staff now. If your life is in danger, call 999. "
    "You can call NHS 111 and choose the mental health option. "
    "You can call Samaritans free on 116 123, day or night. "
    "If you are under 19, you can call Childline on 0800 1111. "
    "Or text SHOUT to 85258."
)

UNAVAILABLE = (
    "Sorry, Speak Up is not working right now. Please try again soon, or ask a member of staff. "
    + CRISIS_NUMBERS
)

SLOW_DOWN = (
    "You are sending messages very quickly. Please wait {seconds} seconds, then try again. "
    + CRISIS_NUMBERS
)
