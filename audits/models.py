"""The audits app's models, defined in its domain sub-packages."""

from audits.call.models import (
    AuditApplication,
    FinalReport,
    Invoice,
)
from audits.selfassessment.models import (
    AdvancedAssessment,
    Answer,
    Area,
    AreaAdvice,
    AreaResult,
    Assessment,
    MaturityLevel,
    Option,
    Question,
    Questionnaire,
)

__all__ = [
    "AdvancedAssessment",
    "Answer",
    "Area",
    "AreaAdvice",
    "AreaResult",
    "Assessment",
    "AuditApplication",
    "FinalReport",
    "Invoice",
    "MaturityLevel",
    "Option",
    "Question",
    "Questionnaire",
]
