from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(
        self, email: str, password: str | None = None, **extra_fields: object
    ) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: object
    ) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in: e-mail is the login; roles are groups (see roles.py)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # The codice fiscale proven by SPID or CIE (fiscalNumber without "TINIT-"); empty for
    # accounts that never signed in with a national identity. Unique: one account per person.
    fiscal_number = models.CharField(
        _("codice fiscale (SPID/CIE)"), max_length=16, null=True, blank=True, unique=True
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log into the back office."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Addresses differ only in case are the same mailbox: one account each.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        # The staff are a few dozen among one user per enterprise of Tuscany: the list of
        # officers (work queue filter, assignment form, daily digest) reads them through
        # this small partial index instead of scanning 400,000 users (65 ms -> 7 ms).
        indexes = [models.Index(fields=["id"], condition=Q(is_staff=True), name="user_staff_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_role(self, role: str) -> bool:
        return self.groups.filter(name=role).exists()


class SizeClass(models.TextChoices):
    """EU SME size classes, Commission Recommendation 2003/361/EC, Annex, article 2."""

    MICRO = "micro", _("Micro enterprise")
    SMALL = "small", _("Small enterprise")
    MEDIUM = "medium", _("Medium enterprise")
    LARGE = "large", _("Large enterprise (not an SME)")


class RepresentativeStatus(models.TextChoices):
    """Whether the legal representative of the company is proven (docs/security.md)."""

    UNCONFIRMED = "unconfirmed", _("Legal representative not yet confirmed")
    CONFIRMED = "confirmed", _("Legal representative confirmed")


class RepresentativeProof(models.TextChoices):
    """How the codice fiscale of the legal representative was proven."""

    SPID_LEGAL_PERSON = "spid_legal_person", _("SPID for legal persons (companyName, ivaCode)")
    SIGNED_DECLARATION = (
        "signed_declaration",
        _("Declaration digitally signed by the representative"),
    )
    STAFF = "staff", _("Checked by staff against the Chamber of Commerce record")


class Enterprise(models.Model):
    """A company (or a professional, who counts as a firm) with its profile.

    The size class is derived from the size data by trinno_portal.accounts.rules.classify_size
    and stored here by the service that saves the profile, so that lists can filter on it.

    Whoever types a Partita IVA first creates the profile, but only as an unconfirmed company:
    it may prepare drafts and not submit (rules.submission_refusal) until the legal
    representative is proven (services_representative).
    """

    legal_name = models.CharField(_("legal name"), max_length=250)
    vat_number = models.CharField(_("Partita IVA"), max_length=11, unique=True)
    tax_code = models.CharField(_("codice fiscale"), max_length=16)
    legal_form = models.CharField(_("legal form"), max_length=80)
    pec = models.EmailField(_("PEC address"))
    ateco_code = models.CharField(_("primary ATECO activity code"), max_length=8)
    founded_on = models.DateField(_("founding date"))
    # Registered office.
    address = models.CharField(_("address"), max_length=250)
    municipality = models.CharField(_("municipality"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=5)
    province = models.CharField(_("province"), max_length=2, db_index=True)
    # Size data of the last closed financial year (Recommendation 2003/361, art. 4).
    size_reference_year = models.PositiveSmallIntegerField(_("reference year"))
    staff_awu = models.DecimalField(_("staff (annual work units)"), max_digits=9, decimal_places=2)
    turnover = models.DecimalField(_("annual turnover (EUR)"), max_digits=15, decimal_places=2)
    balance_sheet = models.DecimalField(
        _("annual balance sheet total (EUR)"), max_digits=15, decimal_places=2
    )
    size_class = models.CharField(
        _("size class"), max_length=6, choices=SizeClass.choices, db_index=True
    )
    is_startup = models.BooleanField(
        _("new firm or innovative start-up"),
        default=False,
        help_text=_("Registered in the special section for innovative start-ups, or new firm."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    members = models.ManyToManyField(
        "accounts.User", through="accounts.Membership", related_name="enterprises"
    )
    representative_status = models.CharField(
        _("legal representative"),
        max_length=11,
        choices=RepresentativeStatus.choices,
        default=RepresentativeStatus.UNCONFIRMED,
    )
    representative_tax_code = models.CharField(
        _("codice fiscale of the legal representative"), max_length=16, blank=True
    )
    representative_proof = models.CharField(
        _("proven by"), max_length=18, choices=RepresentativeProof.choices, blank=True
    )
    representative_confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    representative_confirmed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["legal_name"]
        # The admin lists enterprises in this order: an index saves sorting 353,700 rows.
        indexes = [
            models.Index(fields=["legal_name"], name="enterprise_legal_name_idx"),
            # The start-ups among the enterprises supported (monitoring): a few thousand
            # of the region's 353,700 enterprises, read without scanning the table.
            models.Index(
                fields=["id"], condition=Q(is_startup=True), name="enterprise_startup_idx"
            ),
            # The staff queue of companies waiting for confirmation: a few among 353,700.
            models.Index(
                fields=["created_at"],
                condition=Q(representative_status="unconfirmed"),
                name="enterprise_unconfirmed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.vat_number})"


class LocalUnit(models.Model):
    """An operating seat (unità locale) other than the registered office."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="local_units")
    address = models.CharField(_("address"), max_length=250)
    municipality = models.CharField(_("municipality"), max_length=120)
    postal_code = models.CharField(_("postal code"), max_length=5)
    province = models.CharField(_("province"), max_length=2, db_index=True)

    class Meta:
        verbose_name = _("local unit")
        verbose_name_plural = _("local units")

    def __str__(self) -> str:
        return f"{self.address}, {self.municipality} ({self.province})"


class LinkKind(models.TextChoices):
    """Recommendation 2003/361, Annex, art. 3: partner (25-50 %) and linked (> 50 %)."""

    PARTNER = "partner", _("Partner enterprise (25% to 50%)")
    LINKED = "linked", _("Linked enterprise (more than 50% or dominant influence)")


class EnterpriseLink(models.Model):
    """Another enterprise whose figures add to this one's in the size calculation."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="links")
    name = models.CharField(_("name"), max_length=250)
    vat_number = models.CharField(_("VAT number or foreign identifier"), max_length=20, blank=True)
    kind = models.CharField(_("relationship"), max_length=7, choices=LinkKind.choices)
    holding_percent = models.DecimalField(
        _("holding (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Share of capital or voting rights, the higher of the two."),
    )
    staff_awu = models.DecimalField(_("staff (annual work units)"), max_digits=9, decimal_places=2)
    turnover = models.DecimalField(_("annual turnover (EUR)"), max_digits=15, decimal_places=2)
    balance_sheet = models.DecimalField(
        _("annual balance sheet total (EUR)"), max_digits=15, decimal_places=2
    )

    class Meta:
        verbose_name = _("partner or linked enterprise")
        verbose_name_plural = _("partner and linked enterprises")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()}, {self.holding_percent}%)"


class MemberRole(models.TextChoices):
    LEGAL_REPRESENTATIVE = "legal_rep", _("Legal representative")
    DELEGATE = "delegate", _("Delegate")


class Membership(models.Model):
    """A user who acts for an enterprise. Every enterprise query of an applicant goes
    through this table: an SME sees only the enterprises it is a member of."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="memberships")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=9, choices=MemberRole.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(role="legal_rep"),
                name="membership_one_legal_rep",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.enterprise.legal_name} ({self.get_role_display()})"


class Invitation(models.Model):
    """An invitation to act for an enterprise as a delegate: single use.

    The link carries a random token whose SHA-256 is stored here, never the token itself.
    Accepting marks it used and ties it to the membership it made; removing that membership
    revokes it, so the same link cannot bring a removed delegate back.
    """

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("invited by")
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["enterprise", "email"], name="invitation_ent_email_idx")]

    def __str__(self) -> str:
        return f"{self.email} · {self.enterprise.legal_name}"


class RepresentativeClaim(models.Model):
    """Someone says they are the legal representative of a company another person registered.

    Without a proof the portal can check by itself (SPID for legal persons), staff decide:
    an accepted claim hands the company over (services_representative.enterprise_take_over).
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for staff")
        ACCEPTED = "accepted", _("Accepted: the company was handed over")
        REJECTED = "rejected", _("Rejected")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="claims"
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("claimant")
    )
    fiscal_number = models.CharField(_("codice fiscale of the claimant"), max_length=16, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("claim to be the legal representative")
        verbose_name_plural = _("claims to be the legal representative")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "user"],
                condition=Q(status="open"),
                name="claim_one_open_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.enterprise.legal_name}"


class EnterpriseEvent(models.Model):
    """What happened to who acts for a company: kept when the people change, never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Registered (legal representative not confirmed)")
        CONFIRMED = "confirmed", _("Legal representative confirmed")
        CLAIMED = "claimed", _("Claimed by another person")
        CLAIM_REJECTED = "claim_rejected", _("Claim rejected")
        TAKEN_OVER = "taken_over", _("Taken over by the proven legal representative")
        DELEGATE_ADDED = "delegate_added", _("Delegate added")
        DELEGATE_REMOVED = "delegate_removed", _("Delegate removed")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    # Ids and e-mail addresses of the people concerned, the proof used: what a later
    # dispute needs, even after the accounts themselves are gone.
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("company event")
        verbose_name_plural = _("company events")
        ordering = ["enterprise", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"


class PersonStatus(models.TextChoices):
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    MANAGER = "manager", _("Manager of an SME")
    FREELANCER = "freelancer", _("Freelancer")


class Person(models.Model):
    """An individual applicant (training vouchers): one profile per user."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="person_profile"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    tax_code = models.CharField(_("codice fiscale"), max_length=16, unique=True)
    birth_date = models.DateField(_("date of birth"))
    residence_address = models.CharField(_("residence address"), max_length=250)
    residence_municipality = models.CharField(_("municipality of residence"), max_length=120)
    residence_province = models.CharField(_("province of residence"), max_length=2, db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=PersonStatus.choices)
    # Entrepreneurs and managers: the enterprise in the portal, or as declared.
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("enterprise in the portal"),
    )
    declared_enterprise = models.CharField(
        _("enterprise (name and Partita IVA)"), max_length=250, blank=True
    )
    # Freelancers: a professional order or association, or the INPS separate scheme.
    professional_order = models.CharField(
        _("professional order or association"), max_length=200, blank=True
    )
    inps_separate_scheme = models.BooleanField(
        _("enrolled in the INPS separate scheme"), default=False
    )
    heard_from = models.CharField(
        _("how you heard of the call"),
        max_length=30,
        blank=True,
        help_text=_("For the dissemination figures of the action plan."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name_idx")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class _UnconfirmedManager(models.Manager["EnterpriseAwaitingConfirmation"]):
    def get_queryset(self) -> models.QuerySet["EnterpriseAwaitingConfirmation"]:
        return super().get_queryset().filter(representative_status=RepresentativeStatus.UNCONFIRMED)


class EnterpriseAwaitingConfirmation(Enterprise):
    """The staff queue: companies whose legal representative is not proven yet."""

    objects = _UnconfirmedManager()

    class Meta:
        proxy = True
        verbose_name = _("company awaiting confirmation")
        verbose_name_plural = _("companies awaiting confirmation")
