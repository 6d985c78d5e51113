"""Read SatuPintu's open data catalogue with ckanapi, a real CKAN client.

Usage: python3 check.py BASE_URL
The catalogue must hold the fixture of tests/it/opendata.rs (three datasets: two of dinkes,
one of disdukcapil) and the automatic statistics. Prints "ok N" with the number of checks.
"""
import sys

import ckanapi

checks = 0


def check(cond, what):
    global checks
    if not cond:
        raise AssertionError(what)
    checks += 1


def run(ckan):
    names = ckan.action.package_list()
    check("kunjungan-puskesmas" in names and "jumlah-penduduk" in names, f"package_list: {names}")
    check(names == sorted(names), "package_list is sorted")

    pkg = ckan.action.package_show(id="kunjungan-puskesmas")
    check(pkg["name"] == "kunjungan-puskesmas", "package_show by name")
    check(pkg["organization"]["name"] == "dinkes", "organization of the package")
    check(pkg["license_id"] == "CC-BY-4.0" and pkg["license_title"], "licence")
    check([g["name"] for g in pkg["groups"]] == ["kesehatan"], "groups")
    check({"puskesmas"} <= {t["name"] for t in pkg["tags"]}, "tags")
    check(pkg["resources"] and pkg["resources"][0]["format"] == "CSV", "resources")
    extras = {e["key"]: e["value"] for e in pkg["extras"]}
    check(extras["frequency"].endswith("/MONTHLY") and extras["spatial_code"] == "3578", f"extras {extras}")
    check(ckan.action.package_show(id=pkg["id"])["name"] == pkg["name"], "package_show by id")

    try:
        ckan.action.package_show(id="tidak-ada")
        check(False, "NotFound expected")
    except ckanapi.NotFound:
        check(True, "NotFound")
    try:
        ckan.action.package_show()
        check(False, "ValidationError expected")
    except ckanapi.ValidationError:
        check(True, "ValidationError")

    found = ckan.action.package_search(fq="organization:dinkes")
    check(found["count"] == 2, f"fq organization: {found['count']}")
    check(all(p["organization"]["name"] == "dinkes" for p in found["results"]), "fq organization results")
    found = ckan.action.package_search(fq="groups:kependudukan res_format:CSV")
    check([p["name"] for p in found["results"]] == ["jumlah-penduduk"], "fq groups + res_format")
    found = ckan.action.package_search(q="puskesmas")
    check(found["count"] >= 1 and found["results"][0]["name"] == "kunjungan-puskesmas", "q")

    ordered = ckan.action.package_search(sort="title_string asc", rows=1000)["results"]
    titles = [p["title"].lower() for p in ordered]
    check(titles == sorted(titles), "sort title_string asc")
    first = ckan.action.package_search(sort="title_string asc", rows=2, start=0)["results"]
    second = ckan.action.package_search(sort="title_string asc", rows=2, start=2)["results"]
    check([p["name"] for p in first + second] == [p["name"] for p in ordered[:4]], "rows/start paging")
    newest = ckan.action.package_search(sort="metadata_modified desc", rows=1000)["results"]
    stamps = [p["metadata_modified"] for p in newest]
    check(stamps == sorted(stamps, reverse=True), "sort metadata_modified desc")

    orgs = ckan.action.organization_list()
    check("dinkes" in orgs and "satupintu" in orgs, f"organization_list {orgs}")
    full = {o["name"]: o for o in ckan.action.organization_list(all_fields=True)}
    check(full["dinkes"]["package_count"] == 2, "organization_list all_fields")
    org = ckan.action.organization_show(id="disdukcapil", include_datasets=True)
    check([p["name"] for p in org["packages"]] == ["jumlah-penduduk"], "organization_show")
    try:
        ckan.action.organization_show(id="tidak-ada")
        check(False, "NotFound expected")
    except ckanapi.NotFound:
        check(True, "organization NotFound")

    groups = ckan.action.group_list()
    check("kesehatan" in groups and "kependudukan" in groups, "group_list")
    group = ckan.action.group_show(id="kesehatan")
    check(group["package_count"] == 2 and group["title"], "group_show")

    res = pkg["resources"][0]
    shown = ckan.action.resource_show(id=res["id"])
    check(shown["url"] == res["url"] and shown["package_id"] == pkg["id"], "resource_show")
    try:
        ckan.action.resource_show(id="tidak-ada")
        check(False, "NotFound expected")
    except ckanapi.NotFound:
        check(True, "resource NotFound")

    status = ckan.action.status_show()
    check(status["ckan_version"].startswith("2."), "status_show")


def main():
    url = sys.argv[1]
    # POST with a JSON body (ckanapi's default) and GET with query parameters.
    run(ckanapi.RemoteCKAN(url, user_agent="satupintu-test/1"))
    run(ckanapi.RemoteCKAN(url, user_agent="satupintu-test/1", get_only=True))
    print(f"ok {checks}")


if __name__ == "__main__":
    main()
