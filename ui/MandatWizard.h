#pragma once

#include "Mandat.h"
#include "Result.h"
#include "WireTypes.h"

#include <QStringList>
#include <QWizard>

#include <functional>

class ApiClient;
class DemarchesPage;
class DonePage;
class DureePage;
class FranceConnectPage;
class QTextDocument;
class RecapPage;

/// Creates a mandat with an usager: démarches, duration, FranceConnect, recap and signature, print.
///
/// Every server call goes through the ApiClient; the pages share the draft and the saved mandat
/// through this class. Closing the wizard ends any FranceConnect journey at once.
class MandatWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MandatWizard)

public:
    enum PageId { DemarchesPageId, DureePageId, FranceConnectPageId, RecapPageId, DonePageId };

    /// What a draft is created from (steps 1 and 2).
    struct DraftRequest
    {
        QStringList demarches;
        QString duration;
        bool remote = false;
        bool remoteConsentCertified = false;

        bool operator==(const DraftRequest &other) const
        {
            return demarches == other.demarches && duration == other.duration && remote == other.remote
                && remoteConsentCertified == other.remoteConsentCertified;
        }
        bool operator!=(const DraftRequest &other) const { return !(*this == other); }
    };

    /// Shows a document (print preview); tests replace it to avoid a modal dialog.
    using PreviewHandler = std::function<void(const QTextDocument &document, QWidget *parent)>;
    /// Asks where to save a PDF (empty: cancelled); tests replace the file dialog.
    using SaveFileNameHandler = std::function<QString(QWidget *parent, const QString &suggestedPath)>;

    MandatWizard(ApiClient *api, const SessionInfo &session, QWidget *parent = nullptr);
    ~MandatWizard() override;

    ApiClient *api() const { return m_api; }

    /// Renewal of @p mandat (same usager, no FranceConnect step): call before the wizard is shown.
    /// Its démarches are ticked at first; « Suivant » on the duration asks the server for a renewal
    /// draft, already identified, and goes to the recap.
    void setRenewal(const MandatInfo &mandat);
    bool isRenewal() const { return m_renewedMandatId > 0; }
    qint64 renewedMandatId() const { return m_renewedMandatId; }
    /// Asks the server for a draft for @p request: a creation, or the renewal of renewedMandatId().
    void requestDraft(const DraftRequest &request, QObject *context,
        std::function<void(const Result<MandatDraftInfo> &)> callback);
    const SessionInfo &sessionInfo() const { return m_session; }
    /// The aidant's current organisation, the mandataire (nullptr if none).
    const OrganisationInfo *organisation() const { return m_session.currentOrganisation(); }
    /// "Prénom Nom" of the aidant.
    QString aidantName() const;

    /// The choices of steps 1 and 2 as they are now.
    DraftRequest currentRequest() const;
    /// The choices the current draft was created from.
    const DraftRequest &draftRequest() const { return m_draftRequest; }
    const MandatDraftInfo &draft() const { return m_draft; }
    /// A new draft (created from `request`), not started on FranceConnect yet.
    void setDraft(const DraftRequest &request, const MandatDraftInfo &draft);
    /// The current draft as the server now sees it (same id).
    void updateDraft(const MandatDraftInfo &draft);
    /// The draft's FranceConnect journey was started (a pending draft is not reused after that).
    void markDraftStarted() { m_draftStarted = true; }
    /// True when the current draft can be kept for `request`: same choices, and either not started
    /// yet or already identified.
    bool hasUsableDraftFor(const DraftRequest &request) const;
    /// The draft as a mandat, for the "projet de mandat" preview (no id, no attestation).
    MandatInfo draftMandat() const;

    const MandatInfo &mandat() const { return m_mandat; }
    /// The signed mandat, as the server saved it (emits mandatSaved).
    void setMandat(const MandatInfo &mandat)
    {
        m_mandat = mandat;
        emit mandatSaved(m_mandat);
    }

    void setPreviewHandler(PreviewHandler handler) { m_previewHandler = std::move(handler); }
    void preview(const QTextDocument &document, QWidget *parent) const;
    void setSaveFileNameHandler(SaveFileNameHandler handler) { m_saveFileNameHandler = std::move(handler); }
    QString askSaveFileName(QWidget *parent, const QString &suggestedPath) const;

    DemarchesPage *demarchesPage() const { return m_demarchesPage; }
    DureePage *dureePage() const { return m_dureePage; }
    FranceConnectPage *franceConnectPage() const { return m_franceConnectPage; }
    RecapPage *recapPage() const { return m_recapPage; }
    DonePage *donePage() const { return m_donePage; }

protected:
    void done(int result) override;
    /// Échap abandons the wizard, except once the usager is at the keyboard (FranceConnect) or
    /// identified (recap): there, only « Abandonner » does, so that a key pressed in the web page
    /// does not throw the usager's identification away.
    void keyPressEvent(QKeyEvent *event) override;
    /// Shown (opened, or back after the lock): the keyboard goes to the current step.
    void showEvent(QShowEvent *event) override;

signals:
    /// « Enregistrer le mandat » succeeded: the server holds @p mandat (the done page follows).
    void mandatSaved(const MandatInfo &mandat);

private:
    ApiClient *m_api = nullptr;
    SessionInfo m_session;
    qint64 m_renewedMandatId = 0;
    DraftRequest m_draftRequest;
    MandatDraftInfo m_draft;
    bool m_draftStarted = false;
    MandatInfo m_mandat;
    PreviewHandler m_previewHandler;
    SaveFileNameHandler m_saveFileNameHandler;
    DemarchesPage *m_demarchesPage = nullptr;
    DureePage *m_dureePage = nullptr;
    FranceConnectPage *m_franceConnectPage = nullptr;
    RecapPage *m_recapPage = nullptr;
    DonePage *m_donePage = nullptr;
};
