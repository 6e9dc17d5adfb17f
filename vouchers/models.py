"""The vouchers app's models, defined in its domain sub-packages."""

from vouchers.call.models import (
    Attendance,
    VoucherApplication,
)
from vouchers.offer.models import (
    AccreditationState,
    AgencyMembership,
    Course,
    CourseState,
    CourseStateChange,
    CourseTheme,
    Delivery,
    HeardFrom,
    TrainingAgency,
)

__all__ = [
    "AccreditationState",
    "AgencyMembership",
    "Attendance",
    "Course",
    "CourseState",
    "CourseStateChange",
    "CourseTheme",
    "Delivery",
    "HeardFrom",
    "TrainingAgency",
    "VoucherApplication",
]
