"""What the login tests share: the login's addresses, the accounts' password and its first step."""

LOGIN = "/konto/logg-inn/"
CODE = "/konto/logg-inn/kode/"
RECOVERY = "/konto/logg-inn/gjenopprettingskode/"
SETUP = "/konto/logg-inn/sett-opp/"
PASSWORD = "Langt passord 2026"


def password_step(client, username="anne", password=PASSWORD, next_url=None):
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)
