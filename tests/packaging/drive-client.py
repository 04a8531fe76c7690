#!/usr/bin/python3
"""Drives the INSTALLED client through its accessibility tree (AT-SPI), as a user would with the
mouse and keyboard: login with an OTP code, « Mes mandats » must list the usager of the mandat the
test created through the API, logout must remove the offline cache. Run by
tests/packaging/run-client-session.sh inside a private D-Bus session with an AT-SPI bus, a keyring
and a virtual X display.
usage: drive-client.py EMAIL CODE USAGER_NAME CACHE_FILE"""
import os
import subprocess
import sys
import time

import pyatspi

email, code, usager, cache = sys.argv[1:5]
env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1")
client = subprocess.Popen(["aidants-connect"], env=env, stdout=sys.stderr, stderr=sys.stderr)


def fail(message):
    print(f"FAIL: {message}")
    client.terminate()
    client.wait(10)
    sys.exit(1)


def app():
    for candidate in pyatspi.Registry.getDesktop(0):
        if candidate is not None and candidate.name == "aidants-connect":
            return candidate
    return None


def find(root, role, name):
    """The first showing node of @role named @name (depth first)."""
    def visible(node):
        try:
            return node.getState().contains(pyatspi.STATE_SHOWING)
        except Exception:
            return False
    stack = [root]
    while stack:
        node = stack.pop()
        try:
            if node.getRoleName() == role and node.name == name and visible(node):
                return node
            stack.extend(child for child in node if child is not None)
        except Exception:
            continue
    return None


def wait_for(what, predicate, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if client.poll() is not None:
            fail(f"the client exited ({client.returncode}) while waiting for {what}")
        try:
            result = predicate()
        except Exception:
            result = None
        if result:
            return result
        time.sleep(0.3)
    fail(f"timed out waiting for {what}")


def press(role, name):
    button = wait_for(f"{role} « {name} »", lambda: find(app(), role, name))
    button.queryAction().doAction(0)


def names_under(node):
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        try:
            out.append(current.name or "")
            stack.extend(child for child in current if child is not None)
        except Exception:
            continue
    return out


root = wait_for("the client's window", app)
email_field = wait_for("the email field", lambda: find(app(), "text", "Votre adresse email"))
email_field.queryEditableText().setTextContents(email)
find(app(), "text", "Code à 6 chiffres").queryEditableText().setTextContents(code)
press("push button", "Valider la connexion")
press("push button", "Mes mandats")
table = wait_for("the « Usagers » table", lambda: find(app(), "table", "Usagers"))
wait_for(f"« {usager} » in « Mes mandats »",
         lambda: any(usager in name for name in names_under(find(app(), "table", "Usagers"))), timeout=60)
print(f"ok: « Mes mandats » of the installed client lists {usager}")
if not os.path.exists(cache):
    fail(f"no offline cache at {cache} while logged in")
print(f"ok: the offline cache exists while logged in ({cache})")
press("push button", "Retour à l'accueil")
press("push button", "Se déconnecter")
wait_for("the login page again", lambda: find(app(), "text", "Votre adresse email"))
wait_for("the offline cache removed at logout", lambda: not os.path.exists(cache), timeout=15)
print("ok: logout removed the offline cache")
client.terminate()
client.wait(10)
