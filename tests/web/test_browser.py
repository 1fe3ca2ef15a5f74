"""The web app in headless Chromium (Debian's chromium + chromedriver, driven by Selenium):
a planner uploads tiny.yaml, plans it, watches progress, opens the report and downloads
plan.xlsx (read back with openpyxl); an institution sees only its own timetable; its
calendar feed parses with icalendar."""
import os
import time
import urllib.request
from pathlib import Path

import icalendar
import openpyxl
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ADMIN_PASSWORD, ROOT

SHOTS = os.environ.get("LANGPLAN_SCREENSHOTS")  # a folder: screenshots of each page, for the docs


@pytest.fixture
def browser(tmp_path):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1100"]:
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {"download.default_directory": str(tmp_path), "download.prompt_for_download": False})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    d.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    d.download_dir = tmp_path
    yield d
    d.quit()


def shot(d, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        d.save_screenshot(str(Path(SHOTS) / f"{name}.png"))


def login(d, url, user, password):
    d.get(url + "/login")
    d.find_element(By.NAME, "username").send_keys(user)
    d.find_element(By.NAME, "password").send_keys(password)
    d.find_element(By.CSS_SELECTOR, "form button").click()
    WebDriverWait(d, 10).until(lambda d: d.current_url.rstrip("/") == url)


def logout(d):
    d.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    # Wait for the sign-out to land (its response clears the cookie); a sign-in started before
    # it would race with it.
    WebDriverWait(d, 10).until(lambda d: d.current_url.endswith("/login"))


def create_user(d, url, name, role, institution=""):
    d.get(url + "/admin/users")
    d.find_element(By.NAME, "username").send_keys(name)
    d.find_element(By.NAME, "password").send_keys("password-" + name)
    Select(d.find_element(By.NAME, "role")).select_by_visible_text(role)
    if institution:
        d.find_element(By.NAME, "institution").send_keys(institution)
    d.find_element(By.XPATH, "//form[@action='/admin/users']//button").click()
    WebDriverWait(d, 10).until(lambda d: d.find_elements(By.CLASS_NAME, "notice"))
    assert name in d.find_element(By.TAG_NAME, "table").text


def start_run(d, kind, plan_run=None):
    Select(d.find_element(By.NAME, "kind")).select_by_value(kind)
    limit = d.find_element(By.NAME, "timeLimit")
    limit.clear()
    limit.send_keys("20")
    if plan_run:
        Select(d.find_element(By.NAME, "planRun")).select_by_value(plan_run)
    d.find_element(By.XPATH, "//form[contains(@action,'/runs')]//button").click()
    WebDriverWait(d, 10).until(lambda d: "/runs/" in d.current_url)
    return d.current_url.rsplit("/", 1)[1]


def wait_done(d, seconds=120):
    # The page follows the run over server-sent events and reloads itself when it ends.
    WebDriverWait(d, seconds).until(lambda d: d.find_element(By.ID, "status").text in ("xong", "lỗi", "done", "failed"))
    # …then reloads with the result files (a finished run's page has no event stream).
    WebDriverWait(d, 20).until(lambda d: d.find_elements(By.PARTIAL_LINK_TEXT, ".zip") or d.find_element(By.ID, "status").text != "xong")
    assert d.find_element(By.ID, "status").text in ("xong", "done"), d.find_element(By.ID, "progress").text


def test_planner_and_institution_in_a_browser(server, browser):
    d, url = browser, server.url
    login(d, url, "admin", ADMIN_PASSWORD)
    shot(d, "01-home-admin")
    create_user(d, url, "planner1", "planner")
    create_user(d, url, "school1", "institution", "school")
    create_user(d, url, "other1", "institution", "other")
    shot(d, "02-users")
    # A user's page: role, binding, password, disable (the forms the route tests drive).
    d.find_element(By.LINK_TEXT, "other1").click()
    WebDriverWait(d, 10).until(lambda d: "/admin/users/" in d.current_url)
    assert Select(d.find_element(By.NAME, "role")).first_selected_option.get_attribute("value") == "institution"
    assert d.find_element(By.NAME, "institution").get_attribute("value") == "other"
    shot(d, "02b-user")
    logout(d)

    # The planner uploads tiny.yaml.
    login(d, url, "planner1", "password-planner1")
    d.get(url + "/scenarios")
    d.find_element(By.NAME, "name").send_keys("tiny")
    d.find_element(By.NAME, "file").send_keys(str(ROOT / "scenarios" / "tiny.yaml"))
    d.find_element(By.XPATH, "//form[@action='/scenarios']//button").click()
    WebDriverWait(d, 10).until(lambda d: "/scenarios/" in d.current_url)
    assert "Kịch bản hợp lệ." in d.page_source  # no issues, in Vietnamese
    assert "kịch bản tiny" in d.find_element(By.TAG_NAME, "pre").text  # the one-screen summary, in Vietnamese
    shot(d, "03-scenario")
    scenario_url = d.current_url

    # Plan it and watch the progress arrive over server-sent events.
    run = start_run(d, "plan")
    shot(d, "04-run-progress")
    wait_done(d)
    events = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert any(e.endswith(f"/runs/{run}/events") for e in events) or d.find_element(By.ID, "status").text == "xong"
    assert "0,000%" in d.find_element(By.ID, "gap").text  # the gap in the Vietnamese number format
    shot(d, "05-run-done")

    # The report opens (sandboxed) and shows the plan.
    d.find_element(By.LINK_TEXT, "Báo cáo").click()
    WebDriverWait(d, 10).until(lambda d: d.current_url.endswith("report.html"))
    assert "tiny" in d.page_source
    shot(d, "06-report")
    d.back()

    # Download plan.xlsx and read it with openpyxl.
    d.find_element(By.LINK_TEXT, "plan.xlsx").click()
    target = d.download_dir / "plan.xlsx"
    for _ in range(100):
        if target.exists() and target.stat().st_size > 0:
            break
        time.sleep(0.1)
    wb = openpyxl.load_workbook(target)
    assert len(wb.sheetnames) >= 3
    cells = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("b1-b2" in c for c in cells)

    # Timetable the plan.
    d.get(scenario_url)
    tt = start_run(d, "timetable", plan_run=run)
    wait_done(d)
    assert "school/timetable.html" in d.page_source
    d.get(url + "/runs")
    shot(d, "07-runs")
    logout(d)

    # The institution sees its own timetable, and only that.
    login(d, url, "school1", "password-school1")
    d.get(url + "/institution")
    shot(d, "08-institution")
    links = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "main a")]
    assert any(h.endswith(f"/runs/{tt}/files/school/timetable.html") for h in links)
    assert all("/files/school/" in h for h in links if "/files/" in h)
    feed = d.find_element(By.CSS_SELECTOR, "code").text
    # The plan's report is not the institution's: 404, as for a file that does not exist.
    status = d.execute_async_script(
        "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => done(r.status));",
        f"/runs/{run}/files/report.html")
    assert status == 404
    cal = icalendar.Calendar.from_ical(urllib.request.urlopen(feed, timeout=10).read())
    events = [e for e in cal.walk("VEVENT")]
    assert len(events) > 0 and all(e.get("DTSTART") for e in events)
    logout(d)

    # Another institution sees none of it.
    login(d, url, "other1", "password-other1")
    d.get(url + "/institution")
    assert "school" not in " ".join(a.get_attribute("href") or "" for a in d.find_elements(By.CSS_SELECTOR, "main a"))


def test_workbook_upload_in_a_browser(server, browser, tmp_path):
    """A planner uploads the workbook `langplan template --from tiny.yaml` writes, sees the
    summary, plans it (progress in Vietnamese) and opens the report; a workbook with a wrong
    cell is refused with the sheet and cell named, in the page and in the API."""
    import base64
    import subprocess
    import urllib.error

    from conftest import binary

    good, bad = tmp_path / "tiny.xlsx", tmp_path / "tiny-bad.xlsx"
    subprocess.run([str(binary()), "template", "--xlsx", str(good), "--from", str(ROOT / "scenarios" / "tiny.yaml")],
                   check=True, capture_output=True)
    wb = openpyxl.load_workbook(good)
    wb["Nhóm cán bộ"]["G2"] = "nhiều"  # level-3 headcount of the first segment: not a number
    wb.save(bad)

    d, url = browser, server.url
    login(d, url, "admin", ADMIN_PASSWORD)

    def upload(path, name):
        d.get(url + "/scenarios")
        d.find_element(By.NAME, "name").send_keys(name)
        d.find_element(By.NAME, "file").send_keys(str(path))
        d.find_element(By.XPATH, "//form[@action='/scenarios']//button").click()

    # The wrong cell: nothing saved, the problem shown by sheet and cell.
    upload(bad, "tiny-bad")
    WebDriverWait(d, 10).until(lambda d: d.find_elements(By.ID, "upload-issues"))
    problem = d.find_element(By.ID, "upload-issues").text
    assert "'Nhóm cán bộ'!G2" in problem and "segments[0].headcount[3]" in problem, problem
    assert "tiny-bad" not in d.find_element(By.TAG_NAME, "table").text
    shot(d, "09-workbook-refused")

    # The good workbook: its summary, then a plan with the report.
    upload(good, "tiny-workbook")
    WebDriverWait(d, 10).until(lambda d: "/scenarios/" in d.current_url)
    assert "Kịch bản hợp lệ." in d.page_source
    assert "kịch bản tiny" in d.find_element(By.TAG_NAME, "pre").text
    run = start_run(d, "plan")
    wait_done(d)
    progress = d.find_element(By.ID, "progress").text
    assert "mức đạt có trọng số" in progress and "weighted" not in progress, progress
    d.find_element(By.LINK_TEXT, "Báo cáo").click()
    WebDriverWait(d, 10).until(lambda d: d.current_url.endswith(f"/runs/{run}/files/report.html"))
    assert "Kế hoạch bồi dưỡng ngoại ngữ" in d.page_source and "tiny" in d.page_source
    assert d.find_elements(By.CSS_SELECTOR, "header") and d.find_elements(By.CSS_SELECTOR, "footer")

    # The same refusal through the API, with the same words.
    req = urllib.request.Request(url + "/api/scenarios?name=x", data=bad.read_bytes(), method="POST", headers={
        "Authorization": "Basic " + base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode(),
        "Content-Type": "application/octet-stream"})
    try:
        urllib.request.urlopen(req, timeout=10)
        assert False, "a workbook with a wrong cell was accepted"
    except urllib.error.HTTPError as e:
        assert e.code == 422 and "'Nhóm cán bộ'!G2" in e.read().decode()
