"""Agent-style dev suite, part B: Pydantic models for zero-shot extraction.

These document types are never used in training; the JSONL files under
``data/`` hold hand-written texts with gold structured outputs.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field


class ClinicVisit(BaseModel):
    """A patient's clinic or hospital visit, as recorded in a note, form or message."""

    patient_name: str | None = Field(None, description="Full name of the patient (not the doctor or nurse)")
    date_of_birth: date | None = Field(None, description="Patient's date of birth")
    medication: str | None = Field(None, description="Medication or vaccine given or prescribed at the visit")
    dosage: str | None = Field(None, description="Dose of the medication, e.g. '500 mg'")
    visit_type: Literal["checkup", "follow-up", "emergency", "vaccination"] | None = Field(
        None, description="Kind of visit"
    )
    follow_up_needed: bool | None = Field(None, description="Whether the patient needs another appointment or review")


class LegalMatter(BaseModel):
    """A legal case or matter handled for a client."""

    client_name: str | None = Field(None, description="Name of the client the lawyer or firm represents")
    case_number: str | None = Field(None, description="Court case, docket or claim number")
    court: str | None = Field(None, description="Court or tribunal where the case is filed")
    filing_date: date | None = Field(None, description="Date the case or claim was filed")
    matter_type: Literal["contract", "employment", "property", "family", "criminal"] | None = Field(
        None, description="Area of law the matter concerns"
    )
    hearing_scheduled: bool | None = Field(None, description="Whether a court hearing has been scheduled")


class FlightChange(BaseModel):
    """A passenger's flight change, rebooking or cancellation request."""

    passenger_name: str | None = Field(None, description="Name of the passenger whose flight changes")
    booking_reference: str | None = Field(None, description="Booking reference / PNR, a 6-character code")
    flight_number: str | None = Field(
        None, description="Flight number after the change (the booked flight if there is no new one), e.g. 'LH 451'"
    )
    new_date: date | None = Field(None, description="New travel date the passenger is moved to")
    cabin: Literal["economy", "premium economy", "business", "first"] | None = Field(
        None, description="Cabin class of the booking"
    )
    refund_requested: bool | None = Field(None, description="Whether the passenger asks for a refund")


class ApartmentListing(BaseModel):
    """An apartment or house offered for rent."""

    address: str | None = Field(None, description="Street address of the apartment, including unit number")
    monthly_rent: float | None = Field(None, description="Rent per month (not the deposit)")
    bedrooms: int | None = Field(None, description="Number of bedrooms")
    available_from: date | None = Field(None, description="Date from which the apartment is available")
    contact_phone: str | None = Field(None, description="Phone number to call about the listing")
    pets_allowed: bool | None = Field(None, description="Whether pets are allowed")


class IncidentReport(BaseModel):
    """A report of a workplace, facility or IT incident."""

    company: str | None = Field(None, description="Company affected by or reporting the incident")
    site: str | None = Field(None, description="Facility or location where the incident happened")
    incident_date: date | None = Field(None, description="Date the incident happened")
    incident_type: Literal["fire", "chemical spill", "injury", "power outage", "data breach"] | None = Field(
        None, description="Kind of incident"
    )
    people_injured: int | None = Field(None, description="Number of people injured")
    website: str | None = Field(None, description="URL of the page with details or updates about the incident")


MODELS_B: dict[str, type[BaseModel]] = {
    "clinic_visit": ClinicVisit,
    "legal_matter": LegalMatter,
    "flight_change": FlightChange,
    "apartment_listing": ApartmentListing,
    "incident_report": IncidentReport,
}

__all__ = [
    "ClinicVisit",
    "LegalMatter",
    "FlightChange",
    "ApartmentListing",
    "IncidentReport",
    "MODELS_B",
]
