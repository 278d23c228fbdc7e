"""The Kubernetes manifests (deploy/k8s/) are valid against the Kubernetes schema of a pinned version
(kubernetes-validate, schemas bundled: no network), and say what the deployment needs: probed web,
one worker pool per Celery queue autoscaled on that queue, exactly one beat, migrations in a Job."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from django.conf import settings

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
KUBERNETES_VERSION = "1.31.0"
# Custom resources the schema does not know, checked by the tests below instead.
CUSTOM = {("keda.sh/v1alpha1", "ScaledObject"), ("keda.sh/v1alpha1", "TriggerAuthentication")}
NAMESPACE = "siaga-phpu"


def documents() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        out += [(path.name, doc) for doc in yaml.safe_load_all(path.read_text()) if doc]
    return out


DOCS = documents()


def of_kind(kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for _file, doc in DOCS if doc["kind"] == kind}


def containers(doc: dict) -> list[dict]:
    spec = doc["spec"]["template"]["spec"] if doc["kind"] != "CronJob" else doc["spec"]["jobTemplate"]["spec"]
    return spec["containers"] + spec.get("initContainers", [])


@pytest.mark.parametrize(
    ("name", "doc"), DOCS, ids=[f"{name}:{doc['kind']}/{doc['metadata']['name']}" for name, doc in DOCS]
)
def test_every_manifest_validates_against_the_kubernetes_schema(name, doc):
    if (doc["apiVersion"], doc["kind"]) in CUSTOM:
        assert doc["spec"], name
        return
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    assert doc["metadata"]["namespace" if doc["kind"] != "Namespace" else "name"] == NAMESPACE


def test_kustomization_lists_every_manifest_but_the_secret_example():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    files = {path.name for path in K8S.glob("*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
    assert set(kustomization["resources"]) == files
    [image] = kustomization["images"]
    assert image["newTag"] and image["newTag"] != "latest"


def test_images_are_pinned():
    for _file, doc in DOCS:
        if doc["kind"] in ("Deployment", "StatefulSet", "Job"):
            for container in containers(doc):
                image = container["image"]
                # `siaga-phpu` is the project's image, given its release tag by kustomization.yaml.
                assert image == "siaga-phpu" or (":" in image and not image.endswith(":latest")), image


def test_web_is_probed_and_spread():
    web = of_kind("Deployment")["web"]
    [container] = containers(web)
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert probe in container, probe
    assert web["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert of_kind("Service")["web"]["spec"]["selector"] == web["spec"]["selector"]["matchLabels"]
    assert "web" in of_kind("PodDisruptionBudget") and "web" in of_kind("HorizontalPodAutoscaler")


def worker_queues() -> dict[str, str]:
    """Worker Deployment name -> the queue its `celery worker -Q` consumes."""
    out = {}
    for name, doc in of_kind("Deployment").items():
        [container] = containers(doc)
        args = container.get("args", [])
        if "worker" in args:
            out[name] = args[args.index("-Q") + 1]
    return out


def test_one_autoscaled_worker_pool_per_celery_queue():
    queues = worker_queues()
    declared = {queue.name for queue in settings.CELERY_TASK_QUEUES}
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert sorted(queues.values()) == sorted(declared)
    # One routing key per queue: queues bound under the same key would each get a copy of every message.
    assert len({queue.routing_key for queue in settings.CELERY_TASK_QUEUES}) == len(declared)
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= declared
    scaled = {doc["spec"]["scaleTargetRef"]["name"]: doc for doc in of_kind("ScaledObject").values()}
    assert set(scaled) == set(queues)
    for name, doc in scaled.items():
        [trigger] = doc["spec"]["triggers"]
        assert trigger["type"] == "redis" and trigger["metadata"]["listName"] == queues[name]
        assert 1 <= doc["spec"]["minReplicaCount"] <= doc["spec"]["maxReplicaCount"]


def test_dossier_renders_have_a_pool_of_their_own():
    routes = settings.CELERY_TASK_ROUTES
    assert routes["dossiers.tasks.render_dossier"]["queue"] == "dossiers"
    assert "cases.tasks.send_deadline_reminders" not in routes  # the default queue, never behind a render
    assert routes["inventory.tasks.evidence_preview"]["queue"] not in ("dossiers", settings.CELERY_TASK_DEFAULT_QUEUE)


def test_exactly_one_beat_replaced_not_rolled():
    beats = [doc for doc in of_kind("Deployment").values() if "beat" in containers(doc)[0].get("args", [])]
    [beat] = beats
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"]["type"] == "Recreate"
    assert not of_kind("HorizontalPodAutoscaler").keys() & {beat["metadata"]["name"]}


def test_only_the_job_migrates():
    [job] = [doc for doc in of_kind("Job").values() if "migrate" in containers(doc)[0].get("command", [])]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    for doc in of_kind("Deployment").values():
        for container in containers(doc):
            assert not any(env.get("name") == "DJANGO_MIGRATE" for env in container.get("env", []))


def test_app_pods_keep_no_state_on_disk():
    """Files live on S3; app pods mount only emptyDir scratch space, so any replica can go or be added."""
    config = of_kind("ConfigMap")["siaga-phpu"]["data"]
    assert config["S3_BUCKET"] and config["S3_ENDPOINT_URL"]
    for name, doc in of_kind("Deployment").items():
        for volume in doc["spec"]["template"]["spec"].get("volumes", []):
            assert set(volume) == {"name", "emptyDir"}, (name, volume)
