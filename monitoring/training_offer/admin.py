"""Back office of Activity 2: the joint course proposals."""

from django.contrib import admin

from .models import JointCourseProposal


@admin.register(JointCourseProposal)
class JointCourseProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "laboratory", "status", "proposed_on")
    list_filter = ("status", "themes")
    search_fields = ("title", "laboratory", "agencies__name")
    filter_horizontal = ("agencies", "themes")
    date_hierarchy = "proposed_on"
