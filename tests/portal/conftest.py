"""The fixtures of the schemes' test folders, for the tests of the whole portal."""

from tests.catalogue_call.conftest import catalogue_call as catalogue_call
from tests.voucher_call.conftest import course as course
from tests.voucher_call.conftest import course_agency as course_agency
from tests.voucher_call.conftest import course_agency_user as course_agency_user
from tests.voucher_call.conftest import entrepreneur as entrepreneur
from tests.voucher_call.conftest import make_person as make_person
from tests.voucher_call.conftest import voucher_call as voucher_call
