# JupyterHub for one class on one server (the shape of The Littlest JupyterHub).
# Run as root from anywhere:  jupyterhub -f /path/to/deploy/jupyterhub/jupyterhub_config.py
# See docs/deploy.md. Settings read from the environment (all optional):
#   WORKBENCH_HUB_IP / _PORT       public address of the proxy (default 127.0.0.1:8000;
#                                  put a TLS reverse proxy such as nginx or Caddy in front)
#   WORKBENCH_HUB_API_PORT         the hub's own API port (default 8081)
#   WORKBENCH_HUB_PROXY_API_PORT   configurable-http-proxy's API port (default 8001)
#   WORKBENCH_HUB_STATE            database, cookie secret, proxy token (default /srv/jupyterhub)
#   WORKBENCH_HUB_ROOT             the class's shared folders (default /srv/workbench)
#   WORKBENCH_HUB_USER_ENV         the shared environment students' servers run from
#                                  (default: the one running the hub; see install.sh)
#   WORKBENCH_HUB_STUDENTS / _INSTRUCTORS   Unix groups (default students / instructors)
#   WORKBENCH_HUB_CLASS            the class group: every student and instructor, the only
#                                  group that may enter <root>/shared (default classmates)
#   WORKBENCH_HUB_AUTH             "pam" (default) or "oauth" (see the end of this file)
#   WORKBENCH_HUB_SERVICE_TOKEN    API token of the "workbench-ops" service (load tests, scripts)
# ruff: noqa: F821  (``c`` is JupyterHub's config object)
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # workbench_hub.py sits beside this file

env = os.environ.get
state = Path(env("WORKBENCH_HUB_STATE", "/srv/jupyterhub"))
state.mkdir(parents=True, exist_ok=True, mode=0o700)

# -- network: everything on loopback unless told otherwise ------------------------------
c.JupyterHub.ip = env("WORKBENCH_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(env("WORKBENCH_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(env("WORKBENCH_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env('WORKBENCH_HUB_PROXY_API_PORT', '8001')}"
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# -- who may log in ---------------------------------------------------------------------
students = env("WORKBENCH_HUB_STUDENTS", "students")
instructors = env("WORKBENCH_HUB_INSTRUCTORS", "instructors")
c.Authenticator.username_pattern = r"^[a-z][a-z0-9_-]{0,30}$"
if env("WORKBENCH_HUB_AUTH", "pam") == "pam":
    # Unix passwords (set by `workbench_hub.py add-students`); only the class's groups.
    c.JupyterHub.authenticator_class = "pam"
    c.PAMAuthenticator.allowed_groups = {students, instructors}
    c.PAMAuthenticator.admin_groups = {instructors}
    c.PAMAuthenticator.open_sessions = False  # no systemd-logind session per server

# -- the student's server: the shared environment, as that Unix user --------------------
user_env = Path(env("WORKBENCH_HUB_USER_ENV", sys.prefix))
c.JupyterHub.spawner_class = "workbench_hub.WorkbenchSpawner"
c.Spawner.cmd = [str(user_env / "bin" / "jupyterhub-singleuser")]
c.Spawner.ip = "127.0.0.1"
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/notebooks/00_start_here.ipynb"
# The shared environment first on PATH, so `workbench` and `python` in a terminal are it.
c.Spawner.environment = {"PATH": f"{user_env / 'bin'}:/usr/local/bin:/usr/bin:/bin"}
# A whole class logs in within minutes: give a busy 2-core server time to start them all.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.JupyterHub.concurrent_spawn_limit = 50
c.JupyterHub.tornado_settings = {"slow_spawn_timeout": 0}  # no "pending" page flicker

# -- a service account for scripts (the load test, roster imports) ----------------------
if env("WORKBENCH_HUB_SERVICE_TOKEN"):
    c.JupyterHub.services = [{"name": "workbench-ops",
                              "api_token": env("WORKBENCH_HUB_SERVICE_TOKEN")}]
    c.JupyterHub.load_roles = [{
        "name": "workbench-ops",
        "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
        "services": ["workbench-ops"],
    }]

# -- switching to the institution's single sign-on (OAuth2 / OpenID Connect) ------------
# pip install oauthenticator, then set WORKBENCH_HUB_AUTH=oauth and the three OAUTH_*
# variables below (from the institution's identity provider). Unix users are then created
# on first login (WORKBENCH_HUB_CREATE_USERS=1); the instructors' group is still given by
# hand: `usermod -aG instructors <login>`.
if env("WORKBENCH_HUB_AUTH") == "oauth":
    os.environ.setdefault("WORKBENCH_HUB_CREATE_USERS", "1")
    c.JupyterHub.authenticator_class = "generic-oauth"
    c.GenericOAuthenticator.client_id = env("OAUTH_CLIENT_ID")
    c.GenericOAuthenticator.client_secret = env("OAUTH_CLIENT_SECRET")
    c.GenericOAuthenticator.oauth_callback_url = env("OAUTH_CALLBACK_URL")
    c.GenericOAuthenticator.authorize_url = env("OAUTH_AUTHORIZE_URL")
    c.GenericOAuthenticator.token_url = env("OAUTH_TOKEN_URL")
    c.GenericOAuthenticator.userdata_url = env("OAUTH_USERDATA_URL")
    c.GenericOAuthenticator.username_claim = env("OAUTH_USERNAME_CLAIM", "preferred_username")
    c.GenericOAuthenticator.scope = ["openid", "profile"]
    c.GenericOAuthenticator.allow_all = True  # everyone the institution lets through
