"""The jobs page is an administrator's menu entry; the notifications link is
drawn by base.html, with its unread count."""

from django.utils.translation import gettext_lazy as _

from nas.core.navigation import NavItem, register
from nas.jobs.policies import administers

register(NavItem("jobs:list", _("Background jobs"), administers))
