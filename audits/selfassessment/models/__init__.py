"""The self-assessment's models: the first-level questionnaire and its assessments
(first_level.py), and the advanced survey staff run with the enterprise (advanced.py)."""

from audits.selfassessment.models.advanced import (
    AdvancedArea,
    AdvancedAreaResult,
    AdvancedAssessment,
    AdvancedDimensionResult,
    AdvancedQuestionnaire,
    DimensionAnswer,
    DimensionQuestion,
    StrategyDimension,
    Technology,
    TechnologyAnswer,
    TechnologyStatus,
)
from audits.selfassessment.models.first_level import (
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
    "AdvancedArea",
    "AdvancedAreaResult",
    "AdvancedAssessment",
    "AdvancedDimensionResult",
    "AdvancedQuestionnaire",
    "Answer",
    "Area",
    "AreaAdvice",
    "AreaResult",
    "Assessment",
    "DimensionAnswer",
    "DimensionQuestion",
    "MaturityLevel",
    "Option",
    "Question",
    "Questionnaire",
    "StrategyDimension",
    "Technology",
    "TechnologyAnswer",
    "TechnologyStatus",
]
