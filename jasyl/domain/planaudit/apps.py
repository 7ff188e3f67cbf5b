from django.apps import AppConfig


class PlanAuditConfig(AppConfig):
    name = "jasyl.domain.planaudit"
    label = "planaudit"
