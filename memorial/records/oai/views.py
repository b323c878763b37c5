"""The OAI-PMH 2.0 data provider at /oai/ (GET and POST), metadata format oai_dc."""

import datetime
import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from home.models import ArchiveSettings
from memorial.core.privacy import public_pages

from ..describe import clean_text, plain_text
from ..models import SetDeparture
from . import repository, withdrawals, xml
from .dublin_core import OAI_DC_NS, OAI_DC_SCHEMA, collection_of, describe, oai_dc_element, prepare
from .tokens import BadToken, make_token, read_token

METADATA_PREFIX = "oai_dc"
LIST_ARGS = ({"metadataPrefix"}, {"from", "until", "set"})
VERBS = {  # verb: (required arguments, optional arguments)
    "Identify": (set(), set()),
    "ListMetadataFormats": (set(), {"identifier"}),
    "ListSets": (set(), set()),
    "ListIdentifiers": LIST_ARGS,
    "ListRecords": LIST_ARGS,
    "GetRecord": ({"identifier", "metadataPrefix"}, set()),
}
RESUMABLE = {"ListSets", "ListIdentifiers", "ListRecords"}
RECORD_VERBS = {"ListIdentifiers", "ListRecords", "GetRecord"}
EMAIL = re.compile(r"\S+@(\S+\.)+\S+")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


class OAIError(Exception):
    def __init__(self, *errors):
        super().__init__(errors)
        self.errors = errors  # (code, message) pairs


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def oai_pmh(request):
    params = request.POST if request.method == "POST" else request.GET
    base_url = request.build_absolute_uri(reverse("oai_pmh"))
    verb, arguments = None, None
    try:
        verb, arguments = parse_request(params)
        if verb in RECORD_VERBS or "identifier" in arguments:
            withdrawals.bring_ledger_up_to_date()
        root = xml.envelope(base_url, verb, arguments)
        root.append(HANDLERS[verb](request, arguments))
    except OAIError as error:
        echo = arguments if verb and not {"badVerb", "badArgument"} & _codes(error) else None
        root = xml.envelope(base_url, verb, echo)
        xml.add_errors(root, error.errors)
    return HttpResponse(xml.serialize(root), content_type="text/xml; charset=utf-8")


def _codes(error):
    return {code for code, _ in error.errors}


def parse_request(params):
    verbs = params.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        raise OAIError(("badVerb", "The verb is missing, repeated or not an OAI-PMH verb."))
    verb = verbs[0]
    arguments = {}
    for key in params:
        values = params.getlist(key)
        if key == "verb":
            continue
        if len(values) > 1:
            raise OAIError(("badArgument", f"The argument '{clean_text(key)}' is repeated."))
        if clean_text(values[0]) != values[0].strip() or len(values[0]) > 2000:
            raise OAIError(("badArgument", "An argument contains characters not allowed."))
        arguments[key] = values[0]
    required, optional = VERBS[verb]
    allowed = required | optional | ({"resumptionToken"} if verb in RESUMABLE else set())
    unknown = sorted(set(arguments) - allowed)
    if unknown:
        names = ", ".join(clean_text(name) for name in unknown)
        raise OAIError(("badArgument", f"{verb} does not take: {names}."))
    if "resumptionToken" in arguments:
        if len(arguments) > 1:
            raise OAIError(("badArgument", "resumptionToken is an exclusive argument."))
    elif required - set(arguments):
        missing = ", ".join(sorted(required - set(arguments)))
        raise OAIError(("badArgument", f"{verb} requires: {missing}."))
    return verb, arguments


def parse_query(arguments) -> repository.Query:
    """from/until/set as a Query; OAIError(badArgument) for bad dates or an empty set."""
    if arguments.get("set") == "":
        # An empty set names no set; taking it as "no set" would hand over the whole archive.
        raise OAIError(("badArgument", "set must name a set (ListSets names them)."))
    start, start_grain = _parse_date(arguments.get("from"), "from")
    until, until_grain = _parse_date(arguments.get("until"), "until")
    if start_grain and until_grain and start_grain != until_grain:
        raise OAIError(("badArgument", "from and until must have the same granularity."))
    if start and until and start > until:
        raise OAIError(("badArgument", "from must not be later than until."))
    end = None
    if until:
        step = datetime.timedelta(days=1) if until_grain == "day" else datetime.timedelta(seconds=1)
        try:
            end = until + step  # until is inclusive at its own granularity
        except OverflowError:
            end = None
    return repository.Query(set_spec=arguments.get("set", ""), start=start, end=end)


def _parse_date(value, name):
    if value is None:
        return None, None
    grain = "day" if DAY.fullmatch(value) else "s" if SECOND.fullmatch(value) else None
    try:
        if grain is None:
            raise ValueError
        parsed = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise OAIError(
            ("badArgument", f"'{name}' must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ.")
        ) from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.UTC)
    return parsed, grain


def check_prefix(arguments):
    if arguments.get("metadataPrefix") != METADATA_PREFIX:
        return ("cannotDisseminateFormat", "This repository offers the oai_dc format only.")
    return None


# Verbs -----------------------------------------------------------------------------------


def identify(request, arguments):
    element = xml.element("Identify")
    archive = ArchiveSettings.load(request_or_site=request)
    emails = [getattr(settings, "OAI_ADMIN_EMAIL", ""), archive.contact_email]
    fallback = f"archive@{repository.namespace(request)}"
    # The schema wants a dot in the domain; a host such as "localhost" gets the reserved
    # ".invalid", which says plainly that no address was configured.
    candidates = [*emails, settings.DEFAULT_FROM_EMAIL, fallback, f"{fallback}.invalid"]
    emails = [email for email in candidates if email]
    xml.sub(element, "repositoryName", settings.WAGTAIL_SITE_NAME)
    xml.sub(element, "baseURL", request.build_absolute_uri(reverse("oai_pmh")))
    xml.sub(element, "protocolVersion", "2.0")
    xml.sub(element, "adminEmail", next(e for e in emails if EMAIL.fullmatch(e)))
    xml.sub(element, "earliestDatestamp", xml.utc_datestamp(repository.earliest_datestamp()))
    # Withdrawn records are reported deleted (memorial.records.oai.withdrawals).
    xml.sub(element, "deletedRecord", "transient")
    xml.sub(element, "granularity", "YYYY-MM-DDThh:mm:ssZ")
    return element


def list_metadata_formats(request, arguments):
    identifier = arguments.get("identifier")
    # A withdrawn record is known too: GetRecord answers for it (deleted, in oai_dc).
    known = identifier is None or (
        repository.find_record(request, identifier) or withdrawn_record(request, identifier)
    )
    if not known:
        raise OAIError(("idDoesNotExist", "No public record has this identifier."))
    element = xml.element("ListMetadataFormats")
    fmt = xml.sub(element, "metadataFormat")
    xml.sub(fmt, "metadataPrefix", METADATA_PREFIX)
    xml.sub(fmt, "schema", OAI_DC_SCHEMA)
    xml.sub(fmt, "metadataNamespace", OAI_DC_NS)
    return element


def list_sets(request, arguments):
    if "resumptionToken" in arguments:
        raise OAIError(("badResumptionToken", "The list of sets is never split."))
    element = xml.element("ListSets")
    for kind in repository.KINDS:
        spec = xml.sub(element, "set")
        xml.sub(spec, "setSpec", kind.set_spec)
        xml.sub(spec, "setName", kind.set_name)
    seen = set()
    for collection in repository.public_collections():
        if collection.slug in seen:
            continue
        seen.add(collection.slug)
        spec = xml.sub(element, "set")
        xml.sub(spec, "setSpec", repository.COLLECTION_PREFIX + collection.slug)
        xml.sub(spec, "setName", collection.title)
        intro = plain_text(collection.intro)
        if intro:
            description = xml.sub(spec, "setDescription")
            description.append(oai_dc_element([("description", intro, "")]))
    return element


def get_record(request, arguments):
    page = repository.find_record(request, arguments["identifier"])
    gone = None if page else withdrawn_record(request, arguments["identifier"])
    errors = [check_prefix(arguments)]
    if page is None and gone is None:
        errors.append(("idDoesNotExist", "No public record has this identifier."))
    if any(errors):
        raise OAIError(*filter(None, errors))
    element = xml.element("GetRecord")
    if gone is not None:
        _deleted_record(xml.sub(element, "record"), request, gone)
        return element
    context = prepare([page], request)
    withdrawals.remember_served([page], context)
    _record(element, request, page, page.oai_datestamp, context, metadata=True)
    return element


def withdrawn_record(request, identifier: str):
    """The ledger row of the withdrawn record an OAI identifier names, or None."""
    parsed = repository.parse_identifier(request, identifier)
    if parsed is None:
        return None
    kind, local_id = parsed
    return withdrawals.withdrawn([kind.name]).filter(local_id=local_id[:64]).first()


def _deleted_record(parent, request, row):
    """The header of a withdrawn record: its identifier, when it was withdrawn, deleted. Of a
    record that left a collection's set: deleted in that set alone, from when it left."""
    kind = repository.KIND_BY_NAME[row.kind]
    if isinstance(row, SetDeparture):
        stamp, sets = row.left_at, [repository.COLLECTION_PREFIX + row.collection]
    else:
        stamp, sets = row.withdrawn_at, repository.set_specs(kind, row.collection)
    identifier = repository.identifier_of(request, kind, row.local_id)
    return xml.header(parent, identifier, stamp, sets, deleted=True)


def list_records(request, arguments, verb="ListRecords"):
    if "resumptionToken" in arguments:
        try:
            state = read_token(arguments["resumptionToken"], verb)
            query = parse_query(state["args"])
        except (BadToken, OAIError) as error:
            raise OAIError(("badResumptionToken", "The resumption token is not valid.")) from error
        query_args, after = state["args"], state["after"]
        cursor, total = state["cursor"], state["total"]
    else:
        if error := check_prefix(arguments):
            raise OAIError(error)
        query = parse_query(arguments)
        query_args, after, cursor, total = arguments, None, 0, None
    rows, more = query.page(after, repository.PAGE_SIZE)
    if not rows:
        raise OAIError(("noRecordsMatch", "No public records match this request."))
    if "resumptionToken" not in arguments:  # counted once; None when too long to count
        total = query.count() if more else len(rows)
    pages = _fetch(rows)
    context = prepare(pages.values(), request, full=verb == "ListRecords")
    withdrawals.remember_served(pages.values(), context)
    element = xml.element(verb)
    for stamp, pk, _kind, gone in rows:
        if gone is not None:
            _deleted_record(
                element if verb == "ListIdentifiers" else xml.sub(element, "record"), request, gone
            )
        elif pk in pages:
            _record(element, request, pages[pk], stamp, context, metadata=verb == "ListRecords")
    if more or "resumptionToken" in arguments:
        last = (rows[-1][0], rows[-1][1])
        token = make_token(verb, query_args, last, cursor + len(rows), total) if more else ""
        xml.resumption_token(element, token, total, cursor)
    return element


def list_identifiers(request, arguments):
    return list_records(request, arguments, verb="ListIdentifiers")


def _fetch(rows):
    """The public pages behind a page of rows, by pk, with what headers need."""
    pks_by_kind = {}
    for _stamp, pk, kind, gone in rows:
        if gone is not None:
            continue
        pks_by_kind.setdefault(kind, []).append(pk)
    pages = {}
    for kind, pks in pks_by_kind.items():
        pages.update(public_pages(kind.model.objects.filter(pk__in=pks)).in_bulk())
    return pages


def _record(parent, request, page, stamp, context, metadata):
    kind = repository.KIND_BY_MODEL[type(page)]
    sets = repository.sets_of(page, collection_of(page, context))
    identifier = repository.oai_identifier(request, kind, page)
    if not metadata:
        return xml.header(parent, identifier, stamp, sets)
    record = xml.sub(parent, "record")
    xml.header(record, identifier, stamp, sets)
    xml.sub(record, "metadata").append(oai_dc_element(describe(page, context)))
    return record


HANDLERS = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "ListIdentifiers": list_identifiers,
    "ListRecords": list_records,
    "GetRecord": get_record,
}
