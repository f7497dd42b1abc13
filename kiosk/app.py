"""The composition root of the kiosk: :func:`build` assembles the object graph from the configuration.

Everything with a side effect (outbox file, hub client, camera, printer, voice) can be passed in, so tests run
the real screens against a fake hub, a file printer and a camera made of still images.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path

from common.clock import Clock, utc_now
from common.config import Config
from common.rules.deadlines import DeadlinePolicy
from common.rules.working_days import WorkingCalendar
from common.rules_config import calendar_from_config, policy_from_config
from kiosk.background import BackgroundRunner
from kiosk.camera import CameraFeed, FrameSource, OpenCvFrameSource
from kiosk.catalog import KioskCatalog, load_catalog
from kiosk.hub_client import HubClient
from kiosk.i18n import I18n
from kiosk.idle import IdleController
from kiosk.outbox import Outbox
from kiosk.printer import ReceiptPrinter, device_factory
from kiosk.receipt import ReceiptFactory
from kiosk.screens.attract import AttractScreen
from kiosk.screens.complaint import ComplaintFlowScreen
from kiosk.screens.menu import MenuScreen
from kiosk.screens.ppid import PpidFlowScreen
from kiosk.screens.receipt import ReceiptScreen
from kiosk.screens.skm import SkmFlowScreen
from kiosk.screens.status import StatusScreen
from kiosk.screens.technician import TechnicianScreen
from kiosk.sender import OutboxSender
from kiosk.setup_check import PREFIX_META_KEY, SetupProblem, check_basics, check_outbox_path, resolve_prefix
from kiosk.speech import Speaker
from kiosk.status_lookup import StatusResult, lookup_on_hub
from kiosk.submission import SubmissionService
from kiosk.theme import Theme
from kiosk.ui import IconProvider, UiContext
from kiosk.window import KioskScreens, KioskWindowWidget, WindowServices

log = logging.getLogger(__name__)
OUTBOX_FILE = "kiosk-outbox.db"


def kiosk_version() -> str:
    """The installed version of the distribution (for the heartbeat)."""
    try:
        return metadata.version("bale-sandi-maya")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def outbox_path(config: Config) -> Path:
    """``[kiosk] outbox_path``, else ``kiosk-outbox.db`` in the data directory."""
    return Path(config.kiosk.outbox_path) if config.kiosk.outbox_path else config.data_path() / OUTBOX_FILE


def warm_calendar(calendar: WorkingCalendar, today: date) -> threading.Thread:
    """Compute this year's and next year's holidays in the background, right at start: the first computation
    imports the ``holidays`` data (about a second), which must not happen between "Kirim" and the receipt."""

    def warm() -> None:
        for year in (today.year, today.year + 1):
            calendar.national_holidays(year)

    thread = threading.Thread(target=warm, name="kiosk-calendar-warmup", daemon=True)
    thread.start()
    return thread


@dataclass
class KioskApp:
    """The assembled kiosk."""

    config: Config
    ctx: UiContext
    window: KioskWindowWidget
    outbox: Outbox
    hub_client: HubClient
    sender: OutboxSender
    submissions: SubmissionService
    runner: BackgroundRunner
    catalog: KioskCatalog
    problems: list[SetupProblem]
    tracking_prefix: str | None
    warmup: threading.Thread | None = None

    def start(self, *, show: bool = True, fullscreen: bool = False, sender: bool = True) -> None:
        """Start the sender (when configured and ``sender``) and show the window."""
        if not self.problems and sender:
            self.sender.start()
        if show:
            if fullscreen:
                from PySide6.QtCore import Qt

                self.window.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowStaysOnTopHint)
                self.window.showFullScreen()
            else:
                self.window.show()

    def retry_setup(self) -> None:
        """The technician fixed something outside the kiosk (e.g. the hub is up now): check again."""
        problems, prefix = _setup(self.config, self.catalog, self.outbox, self.hub_client)
        self.problems, self.tracking_prefix = problems, prefix
        if problems:
            self.window.show_technician(list(problems))
            return
        self.sender.start()
        self.window.show_attract()

    def stop(self) -> None:
        """Stop the sender and background jobs; close the outbox."""
        self.sender.stop()
        self.runner.shutdown()
        self.hub_client.close()
        self.window.close()
        self.outbox.close()


def _camera_factory(config: Config, camera: Callable[[], FrameSource] | None) -> Callable[[bool], CameraFeed] | None:
    source = camera
    if source is None and config.kiosk.camera_index >= 0:
        index = config.kiosk.camera_index
        source = lambda: OpenCvFrameSource(index)  # noqa: E731
    if source is None:
        return None
    make_source = source
    return lambda decode: CameraFeed(make_source, decode_qr_codes=decode)


def _setup(config: Config, catalog: KioskCatalog, outbox: Outbox,
           client: HubClient) -> tuple[list[SetupProblem], str | None]:
    problems = check_basics(config.kiosk, catalog)
    prefix: str | None = config.kiosk.tracking_prefix or outbox.get_meta(PREFIX_META_KEY)
    if not problems:
        prefix, problem = resolve_prefix(config.kiosk, outbox.get_meta(PREFIX_META_KEY), client.whoami)
        if problem is not None:
            problems.append(problem)
        elif prefix and not config.kiosk.tracking_prefix:
            outbox.set_meta(PREFIX_META_KEY, prefix)
    return problems, prefix


@dataclass(frozen=True)
class _Parts:
    """What the screens are built from."""

    ctx: UiContext
    catalog: KioskCatalog
    submissions: SubmissionService
    policy: DeadlinePolicy
    calendar: WorkingCalendar
    outbox: Outbox
    client: HubClient
    runner: BackgroundRunner
    cameras: Callable[[bool], CameraFeed] | None


def _build_screens(parts: _Parts, config_source: str) -> KioskScreens:
    ctx, catalog, submissions, client = parts.ctx, parts.catalog, parts.submissions, parts.client

    def lookup(code: str) -> StatusResult:
        own = client.clone()  # a worker thread gets its own HTTP session
        try:
            return lookup_on_hub(own, code)
        finally:
            own.close()

    return KioskScreens(
        attract=AttractScreen(ctx, submissions.kelurahan_name, parts.policy), menu=MenuScreen(ctx),
        complaint=ComplaintFlowScreen(ctx, catalog, submissions, parts.cameras),
        ppid=PpidFlowScreen(ctx, catalog, submissions, parts.policy, parts.calendar),
        skm=SkmFlowScreen(ctx, catalog, submissions),
        status=StatusScreen(ctx, catalog, parts.outbox, lookup, parts.runner, parts.cameras),
        receipt=ReceiptScreen(ctx), technician=TechnicianScreen(ctx, config_source))


def _printer(config: Config, problems: list[SetupProblem]) -> ReceiptPrinter | None:
    kiosk = config.kiosk
    if not kiosk.printer or any(p.key == "kiosk.printer" for p in problems):
        return None
    factory = device_factory(kiosk.printer)
    return ReceiptPrinter(factory, width_mm=kiosk.printer_width_mm) if factory else None


def build(config: Config, *, outbox: Outbox | None = None, hub_client: HubClient | None = None,
          clock: Clock = utc_now, camera: Callable[[], FrameSource] | None = None,
          printer: ReceiptPrinter | None = None, tts: Speaker | None = None,
          catalog: KioskCatalog | None = None, config_source: str = "bsm.toml") -> KioskApp:
    """Assemble the kiosk. ``camera`` makes frame sources (default: the configured webcam, if any)."""
    kiosk = config.kiosk
    catalog = catalog or load_catalog(config.assets_path())
    path_problem = None if outbox is not None else check_outbox_path(outbox_path(config))
    outbox = outbox or Outbox(outbox_path(config) if path_problem is None else ":memory:")
    client = hub_client or HubClient(kiosk.hub_url or "http://127.0.0.1:9", kiosk.api_key)
    problems, prefix = _setup(config, catalog, outbox, client)
    problems += [path_problem] if path_problem is not None else []
    printer = printer or _printer(config, problems)
    policy = policy_from_config(config)
    calendar = calendar_from_config(config)
    warmup = warm_calendar(calendar, clock().date())
    sender = OutboxSender(outbox.for_sender, client.clone, clock=clock, version=kiosk_version(),
                          heartbeat_seconds=kiosk.heartbeat_seconds)
    submissions = SubmissionService(
        outbox, catalog, ReceiptFactory(policy, calendar, kiosk.status_url_base or kiosk.hub_url), clock,
        kiosk.kelurahan, tracking_prefix=lambda: app.tracking_prefix or "", on_committed=sender.wake)
    ctx = UiContext(I18n(kiosk.language), Theme.make(), IconProvider(config.assets_path() / "icons"), clock)
    runner = BackgroundRunner()
    parts = _Parts(ctx, catalog, submissions, policy, calendar, outbox, client, runner,
                   _camera_factory(config, camera))
    screens = _build_screens(parts, config_source)
    idle = IdleController(clock, idle_seconds=kiosk.idle_seconds, text_idle_seconds=kiosk.idle_text_seconds,
                          warning_seconds=kiosk.idle_warning_seconds)
    services = WindowServices(idle, runner, printer, tts, is_offline=lambda: sender.status().offline,
                              default_language=kiosk.language, orientation=kiosk.orientation)
    window = KioskWindowWidget(ctx, screens, services, submissions.kelurahan_name)
    app = KioskApp(config, ctx, window, outbox, client, sender, submissions, runner, catalog, problems, prefix,
                   warmup)
    screens.technician.retry_requested.connect(app.retry_setup)
    if problems:
        window.show_technician(list(problems))
    else:
        window.show_attract()
    return app
