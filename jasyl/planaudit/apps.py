from django.apps import AppConfig


class PlanAuditConfig(AppConfig):
    name = "jasyl.planaudit"
    label = "planaudit"
