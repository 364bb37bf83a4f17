"""KneeLog: a desktop training log for runners coming back from knee pain."""

__version__ = "0.1.0"
APP_NAME = "KneeLog"
APP_ID = "org.kneelog.KneeLog"
ORGANIZATION = "KneeLog"
ORGANIZATION_DOMAIN = "kneelog.org"
DISCLAIMER = (
    "KneeLog gives guidance, not a diagnosis. It does not replace a physical therapist or doctor. "
    "If your knee is hot, badly swollen, locked, gives way or cannot bear weight, seek care today."
)
