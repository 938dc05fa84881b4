"""A background job's progress page (polled as JSON) and its result, for whoever started it
and for coordinators."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from onboarding.selectors import jobs_for_user


@login_required
def job_detail(request, pk):
    job = jobs_for_user(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "status": job.status,
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "errors": job.errors,
                "download": reverse("job_download", args=[job.pk]) if job.result else None,
            }
        )
    return render(request, "onboarding/job.html", {"job": job})


@login_required
def job_download(request, pk):
    job = jobs_for_user(request.user).filter(pk=pk).first()
    if job is None or not job.result:
        raise Http404
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name or "result.zip"
    )
