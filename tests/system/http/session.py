"""An admin session across a change to the stack.

python session.py login          logs in; prints the session cookie
python session.py check COOKIE   exits 0 if the session still opens /admin/
"""

import os
import sys

from client import Client


def login(client):
    response = client.log_in(client.get("/admin/login/"))
    assert (response.status, response.headers["Location"]) == (302, "/admin/"), response.status
    print(client.cookies["sessionid"])


def check(client, cookie):
    client.cookies = {"sessionid": cookie}
    response = client.get("/admin/")
    print(f"/admin/ with the session: {response.status}")
    return 0 if response.status == 200 else 1


if __name__ == "__main__":
    client = Client(os.environ["BASE_URL"])
    sys.exit(login(client) if sys.argv[1] == "login" else check(client, sys.argv[2]))
