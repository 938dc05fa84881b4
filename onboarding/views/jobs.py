"""A background job's progress page (polled as JSON) and its result, for whoever started it
and for coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding.errors import Conflict
from onboarding.selectors import jobs_for_user
from onboarding.services.jobs import job_resume, job_view


@login_required
def job_detail(request, pk):
    job = jobs_for_user(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    view = job_view(job)
    if request.GET.get("format") == "json":
        return JsonResponse(view.as_json())
    return render(request, "onboarding/job.html", {"job": job, "view": view})


@login_required
@require_POST
def job_resume_view(request, pk):
    job = jobs_for_user(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    try:
        job_resume(job=job)
    except Conflict as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("The job was started again; it finishes what was left."))
    return redirect("job_detail", pk=job.pk)


@login_required
def job_download(request, pk):
    job = jobs_for_user(request.user).filter(pk=pk).first()
    if job is None or not job.result:
        raise Http404
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name or "result.zip"
    )
